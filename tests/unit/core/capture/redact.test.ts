import { describe, expect, it } from 'vitest';
import { redact, redactSecrets, redactUrl } from '../../../../main/core/capture/redact.ts';

describe('redaction', () => {
  it('removes user info from every URL in a text', () => {
    expect(redactUrl('rtsp://admin:hunter2@10.0.0.5/x: 401 Unauthorized; http://u:p@h/')).toBe('rtsp://***@10.0.0.5/x: 401 Unauthorized; http://***@h/');
    expect(redactUrl('rtsp://10.0.0.5/x')).toBe('rtsp://10.0.0.5/x');
  });

  it('removes secrets raw and percent-encoded (upper and lower case escapes)', () => {
    const pw = 'p@ss:w/rd#%';
    const text = `raw ${pw} enc ${encodeURIComponent(pw)} lower ${encodeURIComponent(pw).toLowerCase()}`;
    const out = redactSecrets(text, [pw]);
    expect(out).not.toContain(pw);
    expect(out).not.toContain(encodeURIComponent(pw));
    expect(out).toBe('raw *** enc *** lower ***');
  });

  it('does both on what ffmpeg prints', () => {
    const line = "[tcp @ 0x1] Connection to tcp://10.0.0.5:554?timeout=5 failed: rtsp://admin:p%40ss@10.0.0.5/s password p@ss";
    const out = redact(line, ['p@ss']);
    expect(out).not.toMatch(/p@ss|p%40ss/);
    expect(out).toContain('rtsp://***@10.0.0.5/s');
  });

  it('ignores empty secrets', () => {
    expect(redactSecrets('abc', ['', 'zz'])).toBe('abc');
  });
});
