// The command line's pure pieces: key=value assignments into the patch the contract takes (nested keys, JSON values,
// deeper objects completed from their current value), reading values back, the progress bar, and the support
// bundle's redaction of secret fields and known secret values.
import { describe, expect, it } from 'vitest';
import { buildPatch, flatten, parseAssignment, valueAt, UsageError } from '../../../main/cli/args.ts';
import { progressBar } from '../../../main/cli/progress.ts';
import { describeFailure, EXIT } from '../../../main/cli/output.ts';
import { isSecretField, redactDocument } from '../../../main/core/support/bundle-redaction.ts';
import { appSettingsPatchSchema, appSettingsSchema, cameraInputSchema } from '../../../preload/settings-schema.ts';
import { ApiError, parseRequestInput } from '../../../preload/contract.ts';
import { NoServiceError } from '../../../main/service/ws-client.ts';

describe('key=value assignments', () => {
  it('reads values as JSON when they parse, else as text; dotted keys as paths', () => {
    expect(parseAssignment('notifications.cooldownSeconds=60')).toEqual({ path: ['notifications', 'cooldownSeconds'], value: 60 });
    expect(parseAssignment('enabled=false').value).toBe(false);
    expect(parseAssignment('subUrl=null').value).toBeNull();
    expect(parseAssignment('name=Back door').value).toBe('Back door');
    expect(parseAssignment('name="42"').value).toBe('42');
    expect(parseAssignment('motion.masks=[[[0,0],[1,0],[1,1]]]').value).toEqual([[[0, 0], [1, 0], [1, 1]]]);
    expect(parseAssignment('mainUrl=rtsp://h/a=b').value).toBe('rtsp://h/a=b'); // only the first = splits
  });

  it('refuses what is not key=value, or not a setting name', () => {
    for (const bad of ['novalue', '=5', 'a..b=1', 'a.b-c=1', '../../x=1']) expect(() => parseAssignment(bad), bad).toThrow(UsageError);
  });

  it('builds a patch that names only the given fields, completing deeper objects from their current value', () => {
    const current = cameraInputSchema.parse({ name: 'Yard', mainUrl: 'rtsp://h/s', notifications: { schedule: { mode: 'windows', windows: [{ days: [1], start: '08:00', end: '18:00' }] } } });
    const patch = buildPatch(['notifications.cooldownSeconds=120', 'notifications.schedule.mode=never', 'name=Yard 2'].map(parseAssignment), current);
    expect(patch).toEqual({
      name: 'Yard 2',
      notifications: { cooldownSeconds: 120, schedule: { mode: 'never', windows: [{ days: [1], start: '08:00', end: '18:00' }] } },
    });
    expect(current.notifications.schedule.mode).toBe('windows'); // not changed in place
  });

  it('reads values back by dotted key, and lists every leaf', () => {
    const s = appSettingsSchema.parse({});
    expect(valueAt(s, 'storage.retentionIntervalMinutes')).toBe(5);
    expect(valueAt(s, 'storage.nope')).toBeUndefined();
    expect(valueAt(s, 'toString')).toBeUndefined();
    expect(flatten(s)).toContainEqual(['notifications.maxPerMinute', 6]);
  });
});

describe('settings.update takes a patch', () => {
  it('keeps the fields a group patch does not name out of the parsed input (so they stay as saved)', () => {
    expect(appSettingsPatchSchema.parse({ storage: { retentionIntervalMinutes: 10 } })).toEqual({ storage: { retentionIntervalMinutes: 10 } });
    expect(parseRequestInput('settings.update', { notifications: { maxPerMinute: 3 } })).toEqual({ notifications: { maxPerMinute: 3 } });
    expect(parseRequestInput('settings.update', {})).toEqual({});
  });

  it('refuses bad values and unknown keys with the transport sentence', () => {
    expect(() => parseRequestInput('settings.update', { storage: { retentionIntervalMinutes: 0 } })).toThrow(/Invalid input for settings.update: storage.retentionIntervalMinutes/);
    expect(() => parseRequestInput('settings.update', { storage: { nope: 1 } })).toThrow(/nope/);
  });
});

describe('failures', () => {
  it('maps every failure to its exit status and code', () => {
    expect(describeFailure(new UsageError('x'))).toMatchObject({ exit: EXIT.usage, code: 'usage' });
    expect(describeFailure(new NoServiceError('x'))).toMatchObject({ exit: EXIT.noService, code: 'no-service' });
    expect(describeFailure(new ApiError('not-found', 'x'))).toMatchObject({ exit: EXIT.failed, code: 'not-found', message: 'x' });
    expect(describeFailure(new Error('boom'))).toMatchObject({ exit: EXIT.failed, code: 'failed', message: 'The command failed: boom' });
  });
});

describe('progress bar', () => {
  it('draws the fraction, clamped', () => {
    expect(progressBar('Exporting', 0)).toBe(`Exporting [${'-'.repeat(30)}]   0 %`);
    expect(progressBar('Exporting', 0.5)).toBe(`Exporting [${'#'.repeat(15)}${'-'.repeat(15)}]  50 %`);
    expect(progressBar('Exporting', 7)).toBe(`Exporting [${'#'.repeat(30)}] 100 %`);
    expect(progressBar('Exporting', Number.NaN)).toContain('  0 %');
  });
});

describe('support bundle redaction', () => {
  it('replaces secret fields and every occurrence of a known secret; keeps the rest', () => {
    const doc = {
      settings: { metrics: { token: 'abc-metrics-token' }, lanPasswordHash: 'scrypt$1$2', ffmpegPath: null },
      cameras: [{ mainUrl: 'rtsp://viewer:Hunter-22@10.0.0.5/s', hasPassword: true, username: 'viewer' }],
      logs: { lines: ['{"msg":"login with Hunter-22 failed","token":"T0KEN-VALUE-1"}', 'token T0KEN-VALUE-1 seen'] },
    };
    const out = redactDocument(doc, ['Hunter-22', 'T0KEN-VALUE-1']);
    const text = JSON.stringify(out);
    for (const secret of ['abc-metrics-token', 'scrypt$1$2', 'Hunter-22', 'T0KEN-VALUE-1']) expect(text).not.toContain(secret);
    expect(out).toMatchObject({ cameras: [{ mainUrl: 'rtsp://***@10.0.0.5/s', hasPassword: true, username: 'viewer' }], settings: { ffmpegPath: null } });
    expect(isSecretField('hasPassword')).toBe(true); // a boolean under such a name stays: only strings are secrets
    expect(isSecretField('keepForever')).toBe(false);
  });
});
