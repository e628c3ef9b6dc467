import { describe, expect, it } from 'vitest';
import { movedCredentialsMessage, parsePastedAddress } from '../../../preload/pasted-address.ts';
import { displayUrl, splitUrlCredentials } from '../../../preload/camera-brands.ts';
import { withCredentials } from '../../../main/core/capture/stream-url.ts';

const bare = (url: string) => ({ url, username: null, password: null });

describe('a pasted address, read the way the owner meant it', () => {
  it('takes the last @ before the host, with raw : / # ? % in the password', () => {
    expect(parsePastedAddress('rtsp://admin:p@ss:w/rd#1@host/cam')).toEqual({ url: 'rtsp://host/cam', username: 'admin', password: 'p@ss:w/rd#1' });
    expect(parsePastedAddress('rtsp://admin:a?b#c/d@192.168.1.20:554/Streaming/Channels/101')).toEqual({
      url: 'rtsp://192.168.1.20:554/Streaming/Channels/101',
      username: 'admin',
      password: 'a?b#c/d',
    });
    expect(parsePastedAddress('rtsp://admin:p@ss@10.0.0.2/live')).toEqual({ url: 'rtsp://10.0.0.2/live', username: 'admin', password: 'p@ss' });
    expect(parsePastedAddress('rtsp://admin:p@ss/w@host/cam').password).toBe('p@ss/w');
    expect(parsePastedAddress('rtsp://admin:100%@10.0.0.2/live').password).toBe('100%');
    expect(parsePastedAddress('rtsp://admin:50%off:@x@cam.shop.lan/1').password).toBe('50%off:@x');
  });

  it('decodes percent-encoded credentials, and keeps what is not valid encoding as typed', () => {
    expect(parsePastedAddress('rtsp://admin%40shop:p%40ss%3Aw%2Frd@10.0.0.2/x')).toEqual({ url: 'rtsp://10.0.0.2/x', username: 'admin@shop', password: 'p@ss:w/rd' });
    expect(parsePastedAddress('rtsp://admin:%zz@10.0.0.2/x').password).toBe('%zz');
    for (const password of ['p@ss:w/rd#?%', 'ünïcødé密码', 'a b', '%41%', '@@@', '::', '/#?']) {
      const full = withCredentials('rtsp://10.0.0.9:8554/live?ch=1#x', 'user:1', password);
      expect(parsePastedAddress(full), password).toEqual({ url: 'rtsp://10.0.0.9:8554/live?ch=1#x', username: 'user:1', password });
    }
  });

  it('reads IPv6 hosts and ports', () => {
    expect(parsePastedAddress('rtsp://admin:pw@[fe80::1]:554/x')).toEqual({ url: 'rtsp://[fe80::1]:554/x', username: 'admin', password: 'pw' });
    expect(parsePastedAddress('rtsp://admin:p@ss@[2001:db8::5]/live')).toEqual({ url: 'rtsp://[2001:db8::5]/live', username: 'admin', password: 'p@ss' });
    expect(parsePastedAddress('rtsp://[2001:db8::5]:8554/live')).toEqual(bare('rtsp://[2001:db8::5]:8554/live'));
    expect(parsePastedAddress('rtsp://admin:secret@cam.local:8554')).toEqual({ url: 'rtsp://cam.local:8554', username: 'admin', password: 'secret' });
  });

  it('leaves an address without credentials alone, also with an @ in its path or query', () => {
    expect(parsePastedAddress('rtsp://10.0.0.2/live')).toEqual(bare('rtsp://10.0.0.2/live'));
    expect(parsePastedAddress(' rtsp://10.0.0.2:554/live ')).toEqual(bare('rtsp://10.0.0.2:554/live'));
    expect(parsePastedAddress('rtsp://10.0.0.2/live@x')).toEqual(bare('rtsp://10.0.0.2/live@x'));
    expect(parsePastedAddress('rtsp://10.0.0.2:554/live@x.y')).toEqual(bare('rtsp://10.0.0.2:554/live@x.y'));
    expect(parsePastedAddress('rtsp://cam:554/a@b')).toEqual(bare('rtsp://cam:554/a@b'));
    expect(parsePastedAddress('rtsp://cam.local/stream?user=a@b.c')).toEqual(bare('rtsp://cam.local/stream?user=a@b.c'));
    expect(parsePastedAddress('not an address')).toEqual(bare('not an address'));
  });

  it('keeps an @ in the path when credentials come before the host', () => {
    expect(parsePastedAddress('rtsp://admin:pass@10.0.0.2/live@x')).toEqual({ url: 'rtsp://10.0.0.2/live@x', username: 'admin', password: 'pass' });
    expect(parsePastedAddress('rtsp://u:pw@cam.local/a@b.c')).toEqual({ url: 'rtsp://cam.local/a@b.c', username: 'u', password: 'pw' });
  });

  it('takes a user name alone, or an empty user information', () => {
    expect(parsePastedAddress('rtsp://admin@10.0.0.2/x')).toEqual({ url: 'rtsp://10.0.0.2/x', username: 'admin', password: null });
    expect(parsePastedAddress('rtsp://:secret@10.0.0.2/x')).toEqual({ url: 'rtsp://10.0.0.2/x', username: null, password: 'secret' });
    expect(parsePastedAddress('rtsp://@10.0.0.2/x')).toEqual(bare('rtsp://10.0.0.2/x'));
  });

  it('never leaves a fragment of the password in the address, also through displayUrl and splitUrlCredentials', () => {
    const pasted = 'rtsp://admin:p@ss:w/rd#1@host/cam';
    for (const shown of [parsePastedAddress(pasted).url, displayUrl(pasted), splitUrlCredentials(pasted).url]) {
      expect(shown).toBe('rtsp://host/cam');
      for (const fragment of ['p@ss', 'ss:w', 'w/rd', 'rd#1', '#1']) expect(shown).not.toContain(fragment);
    }
  });

  it('says what was moved', () => {
    expect(movedCredentialsMessage({ username: 'a', password: 'b' })).toBe('The username and password were moved to their fields.');
    expect(movedCredentialsMessage({ username: null, password: 'b' })).toBe('The password was moved to its field.');
    expect(movedCredentialsMessage({ username: 'a', password: null })).toBe('The username was moved to its field.');
    expect(movedCredentialsMessage({ username: null, password: null })).toBe('');
  });
});
