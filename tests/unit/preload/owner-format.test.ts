// The one errorMessage and formatBytes (preload/format.ts), shared by the NVR's sentences (retention, notifier, the
// desktop shell…) and the page (renderer/src/lib/format.ts hands them on; ui-pure.test.ts checks them there too).
import { describe, expect, it } from 'vitest';
import { errorMessage, formatBytes } from '../../../preload/format.ts';

describe('errorMessage', () => {
  it("is an Error's message, or the thrown thing itself as text", () => {
    expect(errorMessage(new Error('disk full'))).toBe('disk full');
    expect(errorMessage(new TypeError('bad type'))).toBe('bad type');
    expect(errorMessage('ENOSPC')).toBe('ENOSPC');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
    expect(errorMessage(undefined)).toBe('undefined');
  });
});

describe('formatBytes', () => {
  it('reads sizes from bytes to terabytes, one decimal below 100 of a unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1024)).toBe('1.0 KB');
    expect(formatBytes(300 * 1024 ** 2)).toBe('300 MB');
    // The retention sentences' sizes: the free-space floor (2 GB by default) and a quota overrun.
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GB');
    expect(formatBytes(1.25 * 1024 ** 3)).toBe('1.3 GB');
    expect(formatBytes(150 * 1024 ** 3)).toBe('150 GB');
    expect(formatBytes(3 * 1024 ** 4)).toBe('3.0 TB');
    expect(formatBytes(5000 * 1024 ** 4)).toBe('5000 TB');
  });
  it('says – when there is no number', () => {
    expect(formatBytes(null)).toBe('–');
    expect(formatBytes(undefined)).toBe('–');
    expect(formatBytes(Number.NaN)).toBe('–');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('–');
  });
});
