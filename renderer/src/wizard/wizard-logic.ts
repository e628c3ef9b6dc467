// The camera wizard's decisions, without the DOM: what the owner typed → the source the core tests, the test result →
// what is saved (a new camera, or a patch of the edited one), and how streams are described. Unit-tested under Node.
// Functions that make text take the catalog to write it from (`i18n.m` on the page; English when left out).
import { brandById, brandStreamUrls, displayUrl, parseHost, splitUrlCredentials, type BrandId } from '../../../preload/camera-brands.ts';
import { movedCredentialsMessage } from '../../../preload/pasted-address.ts';
import { wizard as english, type WizardMessages } from '../../../preload/i18n/wizard/en.ts';
import { addressMessage } from './brand-words.ts';
import type { CameraProbeResult, CameraSource, CameraView, DiscoveredCamera, ProbedStream } from '../../../preload/contract.ts';
import type { CameraInput, CameraPatch, RecordingSettings, TrackingSettings } from '../../../preload/settings-schema.ts';
import type { Polygon } from './polygon-edit.ts';
import type { LineForm, LoiterZoneForm } from './line-edit.ts';

export type StepId = 'find' | 'credentials' | 'test' | 'settings' | 'zones';
export const STEPS: ReadonlyArray<{ id: StepId }> = [{ id: 'find' }, { id: 'credentials' }, { id: 'test' }, { id: 'settings' }, { id: 'zones' }];

/** A step's name in the step list ("Sign in"). */
export function stepLabel(id: StepId, m: WizardMessages = english): string {
  const labels: Record<StepId, string> = {
    find: m.wizard_step_find,
    credentials: m.wizard_step_credentials,
    test: m.wizard_step_test,
    settings: m.wizard_step_settings,
    zones: m.wizard_step_zones,
  };
  return labels[id];
}

/** Step 1 as typed: a discovered device, or an address and a brand, or full addresses. */
export interface FindForm {
  /** Set when the owner picked a discovered device (ONVIF). */
  device: DiscoveredCamera | null;
  brand: BrandId;
  address: string;
  /** RTSP port for template brands, ONVIF port for 'onvif'; empty = the brand's usual one. */
  port: string;
  channel: string;
  mainUrl: string;
  subUrl: string;
}

export interface Credentials {
  username: string;
  password: string;
}

export interface SettingsForm {
  name: string;
  recordingMode: RecordingSettings['mode'];
  notifications: boolean;
  onlyPeople: boolean;
  personDetection: boolean;
  masks: Polygon[];
  zones: Polygon[];
  /** Counting lines (people in and out) and loitering zones: the camera's tracking rules. */
  lines: LineForm[];
  loiterZones: LoiterZoneForm[];
}

export function emptyFind(): FindForm {
  return { device: null, brand: 'hikvision', address: '', port: '', channel: '1', mainUrl: '', subUrl: '' };
}

export type SourceCheck = { ok: true; source: CameraSource; moved: Partial<Credentials> } | { ok: false; field: 'address' | 'port' | 'channel' | 'mainUrl' | 'subUrl'; message: string };

const RTSP_LIKE = /^(rtsps?|https?):\/\//i;

function optionalInt(text: string, min: number, max: number): number | null | 'bad' {
  const t = text.trim();
  if (t === '') return null;
  if (!/^\d+$/.test(t)) return 'bad';
  const n = Number(t);
  return n >= min && n <= max ? n : 'bad';
}

/**
 * The source the core will test. Credentials pasted inside a full address come out of it (`moved`): the wizard puts
 * them into the sign-in fields and never shows them in an address.
 */
export function sourceFromFind(form: FindForm, m: WizardMessages = english): SourceCheck {
  if (form.device) return { ok: true, source: { kind: 'onvif', address: form.device.address, onvifPort: form.device.onvifPort }, moved: {} };
  if (form.brand === 'url') {
    const main = splitUrlCredentials(form.mainUrl);
    if (!main.url) return { ok: false, field: 'mainUrl', message: m.wizard_enter_rtsp_url };
    if (!RTSP_LIKE.test(main.url)) return { ok: false, field: 'mainUrl', message: m.wizard_url_scheme };
    const sub = splitUrlCredentials(form.subUrl);
    if (sub.url && !RTSP_LIKE.test(sub.url)) return { ok: false, field: 'subUrl', message: m.wizard_sub_url_scheme };
    const moved: Partial<Credentials> = {};
    const username = main.username ?? sub.username;
    const password = main.password ?? sub.password;
    if (username !== null) moved.username = username;
    if (password !== null) moved.password = password;
    return { ok: true, source: { kind: 'url', mainUrl: main.url, subUrl: sub.url || null }, moved };
  }
  const host = parseHost(form.address);
  if (!host.ok) return { ok: false, field: 'address', message: addressMessage(host.message, m) };
  const port = optionalInt(form.port, 1, 65535);
  if (port === 'bad') return { ok: false, field: 'port', message: m.wizard_port_range_optional };
  if (form.brand === 'onvif') return { ok: true, source: { kind: 'onvif', address: form.address.trim(), onvifPort: port }, moved: {} };
  const channel = optionalInt(form.channel, 1, 64);
  if (channel === 'bad') return { ok: false, field: 'channel', message: m.wizard_channel_range };
  const urls = brandStreamUrls({ brand: form.brand, address: form.address, port, channel });
  if (!urls.ok) return { ok: false, field: 'address', message: addressMessage(urls.message, m) };
  return { ok: true, source: { kind: 'brand', brand: form.brand, address: form.address.trim(), port, channel }, moved: {} };
}

/**
 * A full address as it was pasted (or left) in step 1: the bare address for the field, the credentials it held (for
 * the sign-in fields) and the sentence saying so ('' when it held none). The field is rewritten at once, so no part
 * of a password stays on the screen.
 */
export function takeCredentials(text: string, m: WizardMessages = english): { url: string; moved: Partial<Credentials>; message: string } {
  const split = splitUrlCredentials(text);
  if (split.username === null && split.password === null) return { url: text, moved: {}, message: '' };
  const moved: Partial<Credentials> = {};
  if (split.username !== null) moved.username = split.username;
  if (split.password !== null) moved.password = split.password;
  return { url: split.url, moved, message: movedCredentialsMessage(split, m) };
}

/** What the owner has typed or drawn in the wizard, to tell whether closing it would throw anything away. */
export function wizardDraft(find: FindForm, creds: Credentials, settings: SettingsForm): string {
  const { device, ...typed } = find;
  return JSON.stringify([typed, device?.id ?? null, creds, settings]);
}

/** What a test result is valid for: changing the address or the credentials means testing again. */
export function testKey(source: CameraSource, creds: Credentials): string {
  return JSON.stringify([source, creds.username, creds.password]);
}

/** "H.264 1920×1080 at 15 fps, sound (aac)". */
export function describeStream(s: ProbedStream, m: WizardMessages = english): string {
  const codec = s.codec === 'h264' ? 'H.264' : s.codec === 'hevc' ? 'H.265' : s.codec.toUpperCase();
  const rate = s.fps ? m.wizard_stream_rate({ fps: String(Math.round(s.fps * 10) / 10) }) : '';
  const sound = s.audio ? m.wizard_stream_sound({ audio: s.audio }) : m.wizard_stream_no_sound;
  return m.wizard_stream({ codec, size: `${s.width}×${s.height}`, rate, sound });
}

/** Where the owner should go back to for a failed test. */
export function stepToFix(code: string | null): StepId {
  return code === 'auth' || code === 'onvif-auth' ? 'credentials' : 'find';
}

/** A name to start from: the discovered device's, else "<Brand> camera", else "Camera N". */
export function suggestName(form: FindForm, existing: readonly string[], m: WizardMessages = english): string {
  const brand = form.brand !== 'url' && form.brand !== 'onvif' ? brandById(form.brand).label.split(/[ (/]/)[0] : undefined;
  const base = form.device?.name?.trim() || (brand ? m.wizard_brand_camera_name({ brand }) : m.wizard_camera_name_default);
  if (!existing.includes(base)) return base.slice(0, 80);
  for (let i = 2; i < 1000; i++) if (!existing.includes(`${base} ${i}`)) return `${base} ${i}`.slice(0, 80);
  return base.slice(0, 80);
}

export function settingsFromCamera(camera: CameraView | undefined): SettingsForm {
  return {
    name: camera?.name ?? '',
    recordingMode: camera?.recording.mode ?? 'events',
    notifications: camera?.notifications.enabled ?? true,
    onlyPeople: camera?.notifications.onlyPeople ?? false,
    personDetection: camera?.detection.enabled ?? true,
    masks: (camera?.motion.masks ?? []).map((p) => p.map(([x, y]) => [x, y] as [number, number])),
    zones: (camera?.detection.zones ?? []).map((p) => p.map(([x, y]) => [x, y] as [number, number])),
    ...rulesFromCamera(camera),
  };
}

function rulesFromCamera(camera: CameraView | undefined): Pick<SettingsForm, 'lines' | 'loiterZones'> {
  const t = camera?.tracking;
  return {
    lines: (t?.lines ?? []).map((l) => ({ name: l.name, a: [l.a[0], l.a[1]], b: [l.b[0], l.b[1]] })),
    loiterZones: (t?.loiterZones ?? []).map((z) => ({ name: z.name, polygon: z.polygon.map(([x, y]) => [x, y] as [number, number]), seconds: z.seconds })),
  };
}

/** The tracking rules as saved (names trimmed). */
export function rulesOf(settings: Pick<SettingsForm, 'lines' | 'loiterZones'>): Pick<TrackingSettings, 'lines' | 'loiterZones'> {
  return {
    lines: settings.lines.map((l) => ({ name: l.name.trim(), a: l.a, b: l.b })),
    loiterZones: settings.loiterZones.map((z) => ({ name: z.name.trim(), polygon: z.polygon, seconds: z.seconds })),
  };
}

/** Editing: the saved camera's addresses as step 1's full-address form (credentials are never in them). */
export function findFromCamera(camera: CameraView): FindForm {
  return { ...emptyFind(), brand: 'url', mainUrl: displayUrl(camera.mainUrl), subUrl: camera.subUrl ? displayUrl(camera.subUrl) : '' };
}

/** A new camera from a successful test and the settings. */
export function buildCameraInput(probe: CameraProbeResult, creds: Credentials, settings: SettingsForm): CameraInput {
  if (!probe.ok || !probe.mainUrl) throw new Error('the camera must pass the test before it is saved');
  return {
    name: settings.name.trim(),
    mainUrl: probe.mainUrl,
    subUrl: probe.subUrl,
    username: creds.username || null,
    password: creds.password || null,
    recording: { mode: settings.recordingMode },
    notifications: { enabled: settings.notifications, onlyPeople: settings.onlyPeople },
    detection: { enabled: settings.personDetection, zones: settings.zones },
    motion: { masks: settings.masks },
    tracking: rulesOf(settings),
  };
}

/**
 * The change to an edited camera. Addresses and credentials only when a new test passed for them; the password only
 * when one was typed (an empty field keeps the saved one).
 */
export function buildCameraPatch(camera: CameraView, probe: CameraProbeResult | null, creds: Credentials, settings: SettingsForm): CameraPatch {
  const patch: CameraPatch = {
    name: settings.name.trim(),
    recording: { mode: settings.recordingMode },
    notifications: { enabled: settings.notifications, onlyPeople: settings.onlyPeople },
    detection: { enabled: settings.personDetection, zones: settings.zones },
    motion: { masks: settings.masks },
  };
  // The rules only when they changed (a camera saved before tracking existed keeps its stored settings untouched).
  const rules = rulesOf(settings);
  if (JSON.stringify(rules) !== JSON.stringify(rulesOf(rulesFromCamera(camera)))) patch.tracking = rules;
  if (probe?.ok && probe.mainUrl) {
    if (probe.mainUrl !== camera.mainUrl) patch.mainUrl = probe.mainUrl;
    if ((probe.subUrl ?? null) !== (camera.subUrl ?? null)) patch.subUrl = probe.subUrl;
    if ((creds.username || null) !== camera.username) patch.username = creds.username || null;
    if (creds.password) patch.password = creds.password;
  }
  return patch;
}
