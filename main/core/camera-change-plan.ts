// What a change to a camera's settings needs (pure): a new ffmpeg (the addresses, the credentials, turning the
// camera on or off, the analysis size and rate, recording switched on or off), or only telling the running camera
// (motion, events, detection, tracking rules, notifications, the name), which then goes on without a restart and
// without closing its open event. Every field of the camera schema is named in FIELD_EFFECTS (the compiler and a unit
// test check that none is forgotten), so a new setting has to say which it is.
import type { Camera, CameraSettingGroup } from '../../preload/settings-schema.ts';

/** What a changed field needs: a new ffmpeg, the running part it is applied to, or nothing but being saved. */
export type FieldEffect =
  | 'restart'
  /** Recording mode: a new ffmpeg only when recording is switched on or off (events ↔ continuous is the same command). */
  | 'recording-mode'
  | 'name'
  | 'motion'
  | 'events'
  | 'detection'
  | 'tracking'
  /** Read where it is used, from the saved camera (the notifier, clips, retention): saving it is applying it. */
  | 'saved';

/** The parts of a running camera a change is applied to in place. */
export type AppliedPart = 'name' | 'motion' | 'events' | 'detection' | 'tracking' | 'saved';

type TopField = 'name' | 'mainUrl' | 'subUrl' | 'username' | 'password' | 'enabled';
type GroupFields = { [G in CameraSettingGroup]: { [K in keyof Camera[G]]-?: FieldEffect } };

export const TOP_FIELD_EFFECTS: { readonly [K in TopField]: FieldEffect } = {
  name: 'name',
  mainUrl: 'restart',
  subUrl: 'restart',
  username: 'restart',
  password: 'restart',
  enabled: 'restart',
};

export const FIELD_EFFECTS: { readonly [G in CameraSettingGroup]: Readonly<GroupFields[G]> } = {
  motion: { threshold: 'motion', minAreaRatio: 'motion', masks: 'motion', lightingGuardRatio: 'motion', absorbSeconds: 'motion' },
  events: { minMotionFrames: 'events', quietGapSeconds: 'events', maxEventSeconds: 'events', retainDays: 'saved' },
  notifications: { enabled: 'saved', schedule: 'saved', cooldownSeconds: 'saved', onlyPeople: 'saved' },
  detection: { enabled: 'detection', scoreThreshold: 'detection', minPersonAreaRatio: 'detection', zones: 'detection' },
  // The analysis frames' rate and size are ffmpeg's output options.
  analysis: { fps: 'restart', maxWidth: 'restart' },
  recording: { mode: 'recording-mode', preRollSeconds: 'saved', postRollSeconds: 'saved', continuousDays: 'saved' },
  tracking: {
    lostSeconds: 'tracking',
    stationarySeconds: 'tracking',
    activeChecksPerSecond: 'tracking',
    stationaryCheckSeconds: 'tracking',
    fullFrameSeconds: 'tracking',
    lines: 'tracking',
    loiterZones: 'tracking',
  },
};

export interface CameraChangePlan {
  /** A new ffmpeg is needed: the camera's pipeline is stopped and started again (its open event closes). */
  restartCapture: boolean;
  /** The fields that need it ("mainUrl", "analysis.fps"): for the log. */
  restartFields: string[];
  /** Otherwise, the running parts the change is applied to, in place (empty: nothing changed). */
  apply: AppliedPart[];
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The plan for a camera saved as `before` and now as `after`. `passwordChanged`: the stored password is another one
 * (the Camera shape never carries it).
 */
export function planCameraChange(before: Camera, after: Camera, passwordChanged: boolean): CameraChangePlan {
  const restartFields: string[] = [];
  const apply = new Set<AppliedPart>();
  const note = (field: string, effect: FieldEffect, from: unknown, to: unknown) => {
    if (effect === 'recording-mode') {
      if (from !== to && (from === 'off') !== (to === 'off')) restartFields.push(field);
      else if (from !== to) apply.add('saved');
    } else if (effect === 'restart') restartFields.push(field);
    else apply.add(effect);
  };
  for (const field of Object.keys(TOP_FIELD_EFFECTS) as TopField[]) {
    const changed = field === 'password' ? passwordChanged : !same(before[field], after[field]);
    if (changed) note(field, TOP_FIELD_EFFECTS[field], before[field as Exclude<TopField, 'password'>], after[field as Exclude<TopField, 'password'>]);
  }
  for (const group of Object.keys(FIELD_EFFECTS) as CameraSettingGroup[]) {
    const effects = FIELD_EFFECTS[group] as Record<string, FieldEffect>;
    const from = before[group] as Record<string, unknown>;
    const to = after[group] as Record<string, unknown>;
    for (const [field, effect] of Object.entries(effects)) {
      if (!same(from[field], to[field])) note(`${group}.${field}`, effect, from[field], to[field]);
    }
  }
  const restartCapture = restartFields.length > 0;
  return { restartCapture, restartFields, apply: restartCapture ? [] : [...apply].sort() };
}
