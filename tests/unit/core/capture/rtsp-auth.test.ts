import { describe, expect, it } from 'vitest';
import { authorizationFor, digestResponse, isStale, parseChallenges, pickChallenge } from '../../../../main/core/capture/rtsp-auth.ts';

describe('RTSP authentication', () => {
  it("computes RFC 2617's Digest example (section 3.5)", () => {
    const response = digestResponse({
      username: 'Mufasa',
      realm: 'testrealm@host.com',
      password: 'Circle Of Life',
      nonce: 'dcd98b7102dd2f0e8b11d0f600bfb0c093',
      method: 'GET',
      uri: '/dir/index.html',
      qop: 'auth',
      nc: '00000001',
      cnonce: '0a4f113b',
    });
    expect(response).toBe('6629fae49393a05397450978507c4ef1');
  });

  it("computes RFC 7616's examples (section 3.9.1), MD5 and SHA-256", () => {
    const common = {
      username: 'Mufasa',
      realm: 'http-auth@example.org',
      password: 'Circle of Life',
      nonce: '7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v',
      method: 'GET',
      uri: '/dir/index.html',
      qop: 'auth' as const,
      nc: '00000001',
      cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    };
    expect(digestResponse({ ...common, algorithm: 'MD5' })).toBe('8ca523f5e9506fed4657c9700eebdbec');
    expect(digestResponse({ ...common, algorithm: 'SHA-256' })).toBe('753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1');
  });

  it('reads challenges: several headers, several in one header, quoted commas and escapes', () => {
    const chs = parseChallenges([
      'Basic realm="IP Camera(C1234)"',
      'Digest realm="IP Camera, \\"front\\"", nonce="abc123", qop="auth,auth-int", algorithm=MD5, stale=FALSE, Basic realm="x"',
    ]);
    expect(chs.map((c) => c.scheme)).toEqual(['basic', 'digest', 'basic']);
    expect(chs[1]!.params).toEqual({ realm: 'IP Camera, "front"', nonce: 'abc123', qop: 'auth,auth-int', algorithm: 'MD5', stale: 'FALSE' });
    expect(isStale(chs[1]!)).toBe(false);
    expect(pickChallenge(chs)!.scheme).toBe('digest');
    expect(pickChallenge(parseChallenges(['Digest realm="r", nonce="n", algorithm=SHA-256', 'Digest realm="r", nonce="n"']))!.params['algorithm']).toBe('SHA-256');
    expect(pickChallenge(parseChallenges(['Digest realm="r", nonce="n", algorithm=UNKNOWN', 'Basic realm="r"']))!.scheme).toBe('basic');
    expect(pickChallenge(parseChallenges(['Negotiate abc']))).toBeNull();
  });

  it('answers Basic and Digest challenges with the headers a camera checks', () => {
    const cred = { username: 'admin', password: 'p@ss:w/rd#%' };
    const basic = authorizationFor({ scheme: 'basic', params: { realm: 'r' } }, cred, { method: 'DESCRIBE', uri: 'rtsp://h:554/s', nc: 1, cnonce: 'c' });
    expect(Buffer.from(basic.replace(/^Basic /, ''), 'base64').toString('utf8')).toBe('admin:p@ss:w/rd#%');

    const ch = parseChallenges(['Digest realm="cam", nonce="n1", qop="auth", opaque="op"'])[0]!;
    const header = authorizationFor(ch, cred, { method: 'DESCRIBE', uri: 'rtsp://h:554/s', nc: 2, cnonce: 'cn' });
    const fields = parseChallenges([header])[0]!.params;
    expect(fields).toMatchObject({ username: 'admin', realm: 'cam', nonce: 'n1', uri: 'rtsp://h:554/s', qop: 'auth', nc: '00000002', cnonce: 'cn', opaque: 'op' });
    expect(fields['response']).toBe(
      digestResponse({ username: 'admin', password: cred.password, realm: 'cam', nonce: 'n1', method: 'DESCRIBE', uri: 'rtsp://h:554/s', qop: 'auth', nc: '00000002', cnonce: 'cn' }),
    );
    // Without qop: the RFC 2069 form (no nc, no cnonce).
    const old = parseChallenges([authorizationFor(parseChallenges(['Digest realm="cam", nonce="n1"'])[0]!, cred, { method: 'PLAY', uri: 'u', nc: 1, cnonce: 'x' })])[0]!.params;
    expect(old['nc']).toBeUndefined();
    expect(old['response']).toBe(digestResponse({ username: 'admin', password: cred.password, realm: 'cam', nonce: 'n1', method: 'PLAY', uri: 'u' }));
  });
});
