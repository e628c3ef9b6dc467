import { describe, expect, it } from 'vitest';
import { shownRecording } from '../../../../main/core/capture/shown-recording.ts';

const on = { state: 'recording', reason: null } as const;

describe('shownRecording', () => {
  it('says "recording" only while the camera sends video', () => {
    expect(shownRecording(on, 'streaming')).toBe(on);
    expect(shownRecording(on, 'reconnecting')).toEqual({ state: 'paused', reason: 'Not recording: the camera is not sending video; reconnecting.' });
    expect(shownRecording(on, 'starting')).toEqual({ state: 'paused', reason: 'Not recording yet: waiting for the first picture from the camera.' });
    expect(shownRecording(on, 'failed')).toMatchObject({ state: 'paused' });
  });

  it('keeps what is not "recording" as it is: off, or paused by a full disk with its own reason', () => {
    const full = { state: 'paused', reason: 'Recording paused: the disk is full.' } as const;
    expect(shownRecording(full, 'reconnecting')).toBe(full);
    expect(shownRecording({ state: 'off', reason: null }, 'reconnecting')).toEqual({ state: 'off', reason: null });
  });
});
