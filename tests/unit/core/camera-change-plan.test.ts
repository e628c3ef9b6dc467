import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { FIELD_EFFECTS, TOP_FIELD_EFFECTS, planCameraChange, type FieldEffect } from '../../../main/core/camera-change-plan.ts';
import { CAMERA_SETTING_GROUPS, cameraInputSchema, cameraPatchSchema, type Camera } from '../../../preload/settings-schema.ts';

function camera(): Camera {
  const parsed = cameraInputSchema.parse({ name: 'Front door', mainUrl: 'rtsp://10.0.0.2/live', subUrl: 'rtsp://10.0.0.2/sub', username: 'admin' });
  const { password: _password, ...rest } = parsed;
  return { ...rest, id: 'cam-1', subUrl: parsed.subUrl ?? null, username: parsed.username ?? null, hasPassword: true, createdAt: 1 };
}

function groupSchema(group: string): z.ZodObject {
  let s = cameraInputSchema.shape[group as keyof typeof cameraInputSchema.shape] as z.ZodType;
  while (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional) s = s.unwrap() as z.ZodType;
  return s as z.ZodObject;
}

const triangle = [[0.1, 0.1], [0.5, 0.1], [0.3, 0.5]];
/** Values for fields whose other value cannot be guessed from their type (arrays, objects, strings). */
const SAMPLES: Record<string, unknown> = {
  'motion.masks': [triangle],
  'detection.zones': [triangle],
  'notifications.schedule': { mode: 'windows', windows: [{ days: [0, 6], start: '00:00', end: '24:00' }] },
  'tracking.lines': [{ name: 'Door', a: [0.1, 0.5], b: [0.9, 0.5] }],
  'tracking.loiterZones': [{ name: 'Till', polygon: triangle, seconds: 30 }],
};

/** Another valid value of a field: from SAMPLES, or the other boolean, another enum option, a nearby number. */
function otherValue(group: string, field: string, current: unknown): unknown {
  const key = `${group}.${field}`;
  if (key in SAMPLES) return SAMPLES[key];
  const schema = groupSchema(group);
  const candidates: unknown[] =
    typeof current === 'boolean'
      ? [!current]
      : typeof current === 'number'
        ? [current + 1, current - 1, current * 2, current / 2, current + 0.1, current - 0.1]
        : typeof current === 'string'
          ? ['off', 'events', 'continuous', 'always', 'never', 'windows']
          : [];
  for (const c of candidates) {
    if (JSON.stringify(c) === JSON.stringify(current)) continue;
    if (schema.safeParse({ [field]: c }).success) return c;
  }
  throw new Error(`no other valid value found for ${key}: add one to SAMPLES`);
}

describe('camera change plan: which changes need a new ffmpeg', () => {
  it('names every field of the camera schema, and only those', () => {
    const top = Object.keys(cameraPatchSchema.shape).filter((k) => !(CAMERA_SETTING_GROUPS as readonly string[]).includes(k));
    expect(Object.keys(TOP_FIELD_EFFECTS).sort()).toEqual(top.sort());
    expect(Object.keys(FIELD_EFFECTS).sort()).toEqual([...CAMERA_SETTING_GROUPS].sort());
    for (const group of CAMERA_SETTING_GROUPS) {
      expect(Object.keys(FIELD_EFFECTS[group]).sort(), group).toEqual(Object.keys(groupSchema(group).shape).sort());
    }
  });

  it('plans every settings field, changed alone, by its effect', () => {
    const before = camera();
    const expectRestart = new Set<FieldEffect>(['restart']);
    let checked = 0;
    for (const group of CAMERA_SETTING_GROUPS) {
      for (const [field, effect] of Object.entries(FIELD_EFFECTS[group] as Record<string, FieldEffect>)) {
        const current = (before[group] as Record<string, unknown>)[field];
        const value = otherValue(group, field, current);
        const after = { ...before, [group]: { ...before[group], [field]: value } } as Camera;
        const plan = planCameraChange(before, after, false);
        const what = `${group}.${field} → ${JSON.stringify(value)}`;
        if (expectRestart.has(effect)) {
          expect(plan, what).toEqual({ restartCapture: true, restartFields: [`${group}.${field}`], apply: [] });
        } else if (effect === 'recording-mode') {
          // events → another mode that records is the same ffmpeg command; "off" is not (checked below).
          expect(plan.restartCapture, what).toBe(value === 'off');
        } else {
          expect(plan, what).toEqual({ restartCapture: false, restartFields: [], apply: [effect] });
        }
        checked++;
      }
    }
    expect(checked).toBe(CAMERA_SETTING_GROUPS.reduce((n, g) => n + Object.keys(groupSchema(g).shape).length, 0));
  });

  it('restarts for the addresses, the credentials and turning the camera on or off; applies a rename in place', () => {
    const before = camera();
    const cases: Array<[Partial<Camera>, boolean]> = [
      [{ mainUrl: 'rtsp://10.0.0.3/live' }, true],
      [{ subUrl: null }, true],
      [{ username: 'owner' }, true],
      [{ enabled: false }, true],
      [{ name: 'Back door' }, false],
    ];
    for (const [change, restart] of cases) {
      const plan = planCameraChange(before, { ...before, ...change }, false);
      expect(plan.restartCapture, JSON.stringify(change)).toBe(restart);
      if (!restart) expect(plan.apply).toEqual(['name']);
    }
    expect(planCameraChange(before, before, true)).toEqual({ restartCapture: true, restartFields: ['password'], apply: [] });
  });

  it('restarts for recording switched on or off only, not between events and continuous', () => {
    const before = camera();
    const withMode = (mode: Camera['recording']['mode']) => ({ ...before, recording: { ...before.recording, mode } });
    expect(planCameraChange(withMode('events'), withMode('continuous'), false)).toEqual({ restartCapture: false, restartFields: [], apply: ['saved'] });
    expect(planCameraChange(withMode('events'), withMode('off'), false).restartCapture).toBe(true);
    expect(planCameraChange(withMode('off'), withMode('continuous'), false).restartFields).toEqual(['recording.mode']);
  });

  it('merges the parts of several changes; one field that needs ffmpeg restarts for all; no change, no plan', () => {
    const before = camera();
    const after = { ...before, name: 'Till', motion: { ...before.motion, threshold: 40 }, detection: { ...before.detection, zones: [triangle] } } as Camera;
    expect(planCameraChange(before, after, false)).toEqual({ restartCapture: false, restartFields: [], apply: ['detection', 'motion', 'name'] });
    const withFps = { ...after, analysis: { ...before.analysis, fps: 3 } };
    expect(planCameraChange(before, withFps, false)).toEqual({ restartCapture: true, restartFields: ['analysis.fps'], apply: [] });
    expect(planCameraChange(before, camera(), false)).toEqual({ restartCapture: false, restartFields: [], apply: [] });
  });
});
