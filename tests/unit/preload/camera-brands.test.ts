import { describe, expect, it } from 'vitest';
import {
  BRANDS,
  brandStreamUrls,
  displayUrl,
  guessBrand,
  hasTemplate,
  parseHost,
  splitUrlCredentials,
  type BrandId,
} from '../../../preload/camera-brands.ts';
import { validateStreamUrl, withCredentials } from '../../../main/core/capture/stream-url.ts';
import { parseScopes, deviceFromProbeMatch } from '../../../main/core/cameras/onvif-discovery.ts';
import { pickProfiles } from '../../../main/core/cameras/onvif-client.ts';
import { wizardMessage } from '../../../main/core/cameras/camera-probe.ts';

const urls = (brand: BrandId, address = '192.168.1.20', extra: { port?: number; channel?: number } = {}) => {
  const r = brandStreamUrls({ brand, address, ...extra });
  if (!r.ok) throw new Error(r.message);
  return r;
};

describe('camera brands: main and sub stream addresses', () => {
  it('builds each brand\'s documented paths for a camera (channel 1, usual port)', () => {
    expect(urls('hikvision')).toEqual({ ok: true, mainUrl: 'rtsp://192.168.1.20/Streaming/Channels/101', subUrl: 'rtsp://192.168.1.20/Streaming/Channels/102' });
    expect(urls('dahua')).toEqual({
      ok: true,
      mainUrl: 'rtsp://192.168.1.20/cam/realmonitor?channel=1&subtype=0',
      subUrl: 'rtsp://192.168.1.20/cam/realmonitor?channel=1&subtype=1',
    });
    expect(urls('reolink')).toEqual({ ok: true, mainUrl: 'rtsp://192.168.1.20/h264Preview_01_main', subUrl: 'rtsp://192.168.1.20/h264Preview_01_sub' });
    expect(urls('axis')).toEqual({
      ok: true,
      mainUrl: 'rtsp://192.168.1.20/axis-media/media.amp?camera=1',
      subUrl: 'rtsp://192.168.1.20/axis-media/media.amp?camera=1&resolution=640x360',
    });
    expect(urls('uniview')).toEqual({ ok: true, mainUrl: 'rtsp://192.168.1.20/media/video1', subUrl: 'rtsp://192.168.1.20/media/video2' });
    expect(urls('tapo')).toEqual({ ok: true, mainUrl: 'rtsp://192.168.1.20/stream1', subUrl: 'rtsp://192.168.1.20/stream2' });
    // Foscam's RTSP port is 88 by default.
    expect(urls('foscam')).toEqual({ ok: true, mainUrl: 'rtsp://192.168.1.20:88/videoMain', subUrl: 'rtsp://192.168.1.20:88/videoSub' });
  });

  it('uses the channel of a recorder and the port given (a port typed in the address wins)', () => {
    expect(urls('hikvision', '10.0.0.5', { channel: 3, port: 8554 }).mainUrl).toBe('rtsp://10.0.0.5:8554/Streaming/Channels/301');
    expect(urls('dahua', '10.0.0.5', { channel: 12 }).subUrl).toBe('rtsp://10.0.0.5/cam/realmonitor?channel=12&subtype=1');
    expect(urls('reolink', 'nvr.local', { channel: 7 }).mainUrl).toBe('rtsp://nvr.local/h264Preview_07_main');
    expect(urls('tapo', '10.0.0.9:10554', { port: 554 }).mainUrl).toBe('rtsp://10.0.0.9:10554/stream1');
    expect(urls('uniview', '[fe80::1]:554').mainUrl).toBe('rtsp://[fe80::1]/media/video1');
  });

  it('every address it builds passes the capture\'s own URL check', () => {
    for (const brand of BRANDS.filter((b) => hasTemplate(b.id))) {
      const r = urls(brand.id, '192.168.1.20', { channel: 2, port: 10554 });
      expect(validateStreamUrl(r.mainUrl)).toEqual({ ok: true });
      expect(validateStreamUrl(r.subUrl!)).toEqual({ ok: true });
    }
  });

  it('ONVIF and full address have no template', () => {
    expect(hasTemplate('onvif')).toBe(false);
    expect(hasTemplate('url')).toBe(false);
    const r = brandStreamUrls({ brand: 'onvif', address: '192.168.1.20' });
    expect(r.ok).toBe(false);
  });

  it('refuses addresses that are not a host, with a sentence saying what to type', () => {
    const cases: Array<[string, RegExp]> = [
      ['', /Enter the camera's IP address/],
      ['rtsp://192.168.1.20/stream1', /full RTSP address/],
      ['admin:secret@192.168.1.20', /own fields/],
      ['192.168.1.300', /not a valid IP address/],
      ['192.168.1', /not a valid IP address/],
      ['192.168.1.20:0', /port/],
      ['192.168.1.20:70000', /port/],
      ['192.168.1.20/stream', /only letters, digits/],
      ['192.168.1.20 -f lavfi', /only letters, digits/],
      ['-i', /not a valid/],
    ];
    for (const [text, message] of cases) {
      const r = parseHost(text);
      expect(r.ok, text).toBe(false);
      if (!r.ok) expect(r.message).toMatch(message);
    }
    expect(parseHost(' cam-1.local:8554 ')).toEqual({ ok: true, host: 'cam-1.local', port: 8554 });
    expect(brandStreamUrls({ brand: 'hikvision', address: '10.0.0.1', channel: 65 }).ok).toBe(false);
  });
});

describe('credentials never in a displayed address', () => {
  const nasty = ['p@ss:w/rd#?%', 'ünïcødé密码', "it's \"quoted\" & <b>", 'a b\tc', '%41%'];

  it('brand addresses carry no credentials, and credentials added for ffmpeg survive any character', () => {
    for (const password of nasty) {
      const { mainUrl } = urls('hikvision');
      expect(mainUrl).not.toContain('@');
      const full = withCredentials(mainUrl, 'admin@shop', password);
      const back = splitUrlCredentials(full);
      expect(back).toEqual({ url: mainUrl, username: 'admin@shop', password });
      expect(displayUrl(full)).toBe(mainUrl);
      expect(displayUrl(full)).not.toContain(encodeURIComponent(password));
    }
  });

  it('moves credentials pasted inside an address out of it', () => {
    expect(splitUrlCredentials('rtsp://admin:p%40ss@10.0.0.2:554/live?ch=1')).toEqual({ url: 'rtsp://10.0.0.2:554/live?ch=1', username: 'admin', password: 'p@ss' });
    // A raw '@' in the password: the userinfo runs to the last '@' before the path.
    expect(splitUrlCredentials('rtsp://admin:p@ss@10.0.0.2/live')).toEqual({ url: 'rtsp://10.0.0.2/live', username: 'admin', password: 'p@ss' });
    expect(splitUrlCredentials('rtsp://10.0.0.2/live@x')).toEqual({ url: 'rtsp://10.0.0.2/live@x', username: null, password: null });
    expect(splitUrlCredentials('rtsp://admin:100%@10.0.0.2/live').password).toBe('100%');
    expect(displayUrl('rtsp://admin:p@ss@10.0.0.2/live')).toBe('rtsp://10.0.0.2/live');
  });
});

describe('discovery and ONVIF answers', () => {
  it('reads names, makers and models from WS-Discovery scopes', () => {
    expect(
      parseScopes('onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/name/Front%20door onvif://www.onvif.org/hardware/DS-2CD2143G2-I onvif://www.onvif.org/manufacturer/HIKVISION'),
    ).toMatchObject({ name: 'Front door', hardware: 'DS-2CD2143G2-I', manufacturer: 'HIKVISION', type: 'video encoder' });
    const device = deviceFromProbeMatch({
      probeMatches: {
        probeMatch: {
          endpointReference: { address: 'urn:uuid:1234' },
          scopes: 'onvif://www.onvif.org/name/IPC onvif://www.onvif.org/hardware/RLC-510A onvif://www.onvif.org/manufacturer/Reolink',
          XAddrs: 'http://[fe80::1]:8000/onvif/device_service http://192.168.1.31:8000/onvif/device_service',
        },
      },
    });
    expect(device).toEqual({
      id: 'urn:uuid:1234',
      name: 'IPC',
      manufacturer: 'Reolink',
      model: 'RLC-510A',
      address: '192.168.1.31',
      onvifPort: 8000,
      serviceUrl: 'http://192.168.1.31:8000/onvif/device_service',
      brand: 'reolink',
    });
    expect(deviceFromProbeMatch({ probeMatches: { probeMatch: { XAddrs: 'not a url' } } })).toBeNull();
  });

  it('guesses the brand from what a device says of itself', () => {
    expect(guessBrand('AMCREST IP2M-841')).toBe('dahua');
    expect(guessBrand('TP-Link C200')).toBe('tapo');
    expect(guessBrand('Acme Cam 3000')).toBeNull();
  });

  it('picks the largest profile as main and the next smaller as sub', () => {
    const p = (token: string, width: number | null, height: number | null) => ({ token, name: token, encoding: 'H264', width, height });
    expect(pickProfiles([p('sub', 640, 360), p('main', 1920, 1080), p('third', 320, 180)])).toEqual({ main: p('main', 1920, 1080), sub: p('sub', 640, 360) });
    expect(pickProfiles([p('only', 1280, 720)])).toEqual({ main: p('only', 1280, 720), sub: null });
    expect(pickProfiles([p('a', null, null), p('b', null, null)])).toEqual({ main: p('a', null, null), sub: p('b', null, null) });
    expect(pickProfiles([p('', 1, 1)])).toBeNull();
  });

  it('has a wizard sentence for every failure a probe reports', () => {
    for (const code of ['auth', 'not-found', 'refused', 'timeout', 'not-video']) {
      const m = wizardMessage(code, 'fallback');
      expect(m).not.toBe('fallback');
      expect(m).toMatch(/check|Use/);
    }
    expect(wizardMessage('auth', '')).toMatch(/^Wrong username or password/);
    expect(wizardMessage('weird', 'as is')).toBe('as is');
  });
});
