import { describe, expect, it } from 'vitest';
import { protocolWhitelist, splitCredentials, validateStreamUrl, withCredentials } from '../../../../main/core/capture/stream-url.ts';

describe('stream URL checks', () => {
  it('accepts camera addresses', () => {
    for (const url of ['rtsp://192.168.1.20:554/stream1', 'rtsps://cam.local/live', 'http://10.0.0.2/video.mjpg', 'https://cam.example/hls', 'RTSP://admin:x@10.0.0.3/h264']) {
      expect(validateStreamUrl(url)).toEqual({ ok: true });
    }
  });

  it('rejects everything ffmpeg could misuse, with a message a shop owner understands', () => {
    const attempts = [
      'file:///etc/passwd',
      '/etc/passwd',
      'concat:a.mp4|b.mp4',
      'pipe:0',
      'data:text/plain,hello',
      'subfile,,start,0,end,100,,:/etc/passwd',
      '-i /etc/passwd',
      '-f',
      'rtsp://host/a\n-f null',
      'rtsp://host/a -f lavfi',
      'rtsp:///nohost',
      'rtsp://:554/x',
      'rtsp://host:99999/x',
      'ftp://host/file',
      '',
    ];
    for (const url of attempts) {
      const r = validateStreamUrl(url);
      expect(r.ok, url).toBe(false);
      if (!r.ok) expect(r.message.length).toBeGreaterThan(10);
    }
    const r = validateStreamUrl('file:///etc/passwd');
    expect(!r.ok && r.message).toMatch(/rtsp:\/\//);
  });

  it('round-trips credentials with every special character through percent-encoding', () => {
    const password = 'p@ss:w/rd#%?&=+ ü';
    const url = withCredentials('rtsp://10.0.0.5:554/stream', 'shop owner', password);
    expect(url.startsWith('rtsp://shop%20owner:')).toBe(true);
    expect(url.endsWith('@10.0.0.5:554/stream')).toBe(true);
    expect(validateStreamUrl(url)).toEqual({ ok: true });
    expect(new URL(url).hostname).toBe('10.0.0.5');
    expect(splitCredentials(url)).toEqual({ url: 'rtsp://10.0.0.5:554/stream', username: 'shop owner', password });
  });

  it('splits credentials typed into the address, and leaves an address without them alone', () => {
    expect(splitCredentials('rtsp://admin:12345@10.0.0.5/live?ch=1')).toEqual({ url: 'rtsp://10.0.0.5/live?ch=1', username: 'admin', password: '12345' });
    expect(splitCredentials('rtsp://10.0.0.5/live')).toEqual({ url: 'rtsp://10.0.0.5/live', username: null, password: null });
    expect(splitCredentials('rtsp://a%40b:100%@h/x').password).toBe('100%'); // a bare % kept as typed
    expect(withCredentials('rtsp://h/x', null, null)).toBe('rtsp://h/x');
  });

  it('whitelists only the protocols each kind of camera needs', () => {
    expect(protocolWhitelist('rtsp://h/x')).toBe('rtsp,rtp,tcp,udp');
    expect(protocolWhitelist('https://h/x')).toBe('https,tls,tcp');
    expect(protocolWhitelist('rtsps://h/x')).toContain('tls');
    expect(() => protocolWhitelist('file:///x')).toThrow();
  });
});
