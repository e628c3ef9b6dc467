// The shell's banners from the shared health (renderer/src/lib/system-notices.ts): one sentence for each part of the
// system the owner must act on, none when all is well.
import { describe, expect, it } from 'vitest';
import type { Health } from '../../../../preload/contract.ts';
import { systemNotices } from '../../../../renderer/src/lib/system-notices.ts';

type System = Pick<Health['system'], 'detection' | 'notifications' | 'retention'>;

const healthy = (): System => ({
  detection: { enabled: true, reason: null, inferences: 0, skippedFrames: 0, queueDepth: 0, inferenceMsMedian: null, accelerator: null },
  notifications: { ok: true, lastError: null, sent: 0, suppressed: {}, lastSentAt: null },
  retention: { lastRunAt: null, deletedEvents: 0, deletedBytes: 0, lastError: null },
});

describe('system notices', () => {
  it('says nothing when all is well', () => {
    expect(systemNotices(healthy())).toEqual([]);
  });

  it('gives detection, notification and clean-up problems in that order, each as its own sentence', () => {
    const s = healthy();
    s.detection = { ...s.detection, enabled: false, reason: 'Person detection is off: the model file is missing.' };
    s.notifications = { ...s.notifications, ok: false, lastError: 'Notifications cannot be shown: no desktop session.' };
    s.retention = { ...s.retention, lastError: 'The disk that holds the data folder is almost full.' };
    expect(systemNotices(s)).toEqual([
      'Person detection is off: the model file is missing.',
      'Notifications cannot be shown: no desktop session.',
      'The disk that holds the data folder is almost full.',
    ]);
  });

  it('does not repeat a reason while detection runs', () => {
    const s = healthy();
    s.detection = { ...s.detection, enabled: true, reason: 'stale' };
    expect(systemNotices(s)).toEqual([]);
  });
});
