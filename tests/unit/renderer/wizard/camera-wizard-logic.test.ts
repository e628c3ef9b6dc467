import { describe, expect, it } from 'vitest';
import {
  addDraftPoint,
  closeDraft,
  dropRepeatedTail,
  nearestVertex,
  nudgeVertex,
  pointFromClient,
  removeVertex,
  removePolygon,
  svgPoints,
  MAX_POINTS,
  type Polygon,
} from '../../../../renderer/src/wizard/polygon-edit.ts';
import {
  buildCameraInput,
  buildCameraPatch,
  describeStream,
  emptyFind,
  findFromCamera,
  settingsFromCamera,
  sourceFromFind,
  stepToFix,
  suggestName,
  testKey,
} from '../../../../renderer/src/wizard/wizard-logic.ts';
import { cameraInputSchema, cameraPatchSchema, polygonSchema } from '../../../../preload/settings-schema.ts';
import { cameraProbeInputSchema, type CameraProbeResult, type CameraView } from '../../../../preload/contract.ts';

const square: Polygon = [
  [0.1, 0.1],
  [0.5, 0.1],
  [0.5, 0.5],
  [0.1, 0.5],
];

describe('polygon editing (normalised 0..1)', () => {
  it('turns pointer positions into clamped, rounded points the schema accepts', () => {
    const box = { left: 100, top: 50, width: 800, height: 450 };
    expect(pointFromClient(500, 275, box)).toEqual([0.5, 0.5]);
    expect(pointFromClient(0, 1000, box)).toEqual([0, 1]);
    expect(pointFromClient(100 + 800 / 3, 50, box)).toEqual([0.3333, 0]);
    expect(pointFromClient(1, 1, { left: 0, top: 0, width: 0, height: 0 })).toEqual([0, 0]);
  });

  it('closes a drawn shape (double-click repeats drop out), refuses lines and too few points', () => {
    let draft = addDraftPoint([], [0.1, 0.1]);
    draft = addDraftPoint(draft, [0.9, 0.1]);
    expect(closeDraft([], draft)).toEqual({ ok: false, message: expect.stringMatching(/at least 3 points/) });
    draft = addDraftPoint(draft, [0.5, 0.8]);
    draft = addDraftPoint(draft, [0.5, 0.8]); // the double-click's two clicks
    draft = addDraftPoint(draft, [0.5005, 0.8]);
    expect(dropRepeatedTail(draft)).toHaveLength(3);
    const closed = closeDraft([], draft);
    expect(closed.ok).toBe(true);
    if (closed.ok) {
      expect(closed.polygons).toEqual([[[0.1, 0.1], [0.9, 0.1], [0.5, 0.8]]]);
      expect(polygonSchema.safeParse(closed.polygons[0]).success).toBe(true);
    }
    const line = closeDraft([], [[0, 0], [0.5, 0.5], [1, 1]]);
    expect(line).toEqual({ ok: false, message: expect.stringMatching(/one line/) });
    const full = Array.from({ length: 16 }, () => square);
    expect(closeDraft(full, square)).toEqual({ ok: false, message: expect.stringMatching(/At most 16/) });
    let many: [number, number][] = [];
    for (let i = 0; i < MAX_POINTS + 5; i++) many = addDraftPoint(many, [i / 100, (i * 7) % 10 / 10]);
    expect(many).toHaveLength(MAX_POINTS);
  });

  it('finds, moves (clamped), nudges and removes vertices; a shape under 3 points goes', () => {
    const polys = [square, [[0.7, 0.7], [0.9, 0.7], [0.8, 0.9]] as Polygon];
    expect(nearestVertex(polys, [0.51, 0.49], 0.03)).toEqual({ polygon: 0, vertex: 2 });
    expect(nearestVertex(polys, [0.3, 0.3], 0.03)).toBeNull();
    const moved = nudgeVertex(polys, 1, 0, 0.5, -0.01);
    expect(moved[1]![0]).toEqual([1, 0.69]);
    expect(polys[1]![0]).toEqual([0.7, 0.7]); // inputs untouched
    const fewer = removeVertex(polys, 0, 0);
    expect(fewer[0]).toHaveLength(3);
    expect(removeVertex(fewer, 1, 0)).toHaveLength(1);
    expect(removePolygon(polys, 0)).toEqual([polys[1]]);
    expect(svgPoints(square)).toBe('0.1,0.1 0.5,0.1 0.5,0.5 0.1,0.5');
  });
});

const probeOk: CameraProbeResult = {
  ok: true,
  code: null,
  message: null,
  mainUrl: 'rtsp://10.0.0.2/Streaming/Channels/101',
  subUrl: 'rtsp://10.0.0.2/Streaming/Channels/102',
  main: { codec: 'h264', width: 1920, height: 1080, fps: 15, audio: null },
  sub: { codec: 'h264', width: 640, height: 360, fps: 15, audio: 'aac' },
  snapshot: 'data:image/jpeg;base64,/9j/',
  device: null,
  notices: [],
};

describe('the wizard\'s decisions', () => {
  it('step 1 → the source the core tests (checked by the contract\'s own schema)', () => {
    const brand = sourceFromFind({ ...emptyFind(), brand: 'dahua', address: '10.0.0.2', channel: '2', port: '' });
    expect(brand).toEqual({ ok: true, source: { kind: 'brand', brand: 'dahua', address: '10.0.0.2', port: null, channel: 2 }, moved: {} });
    const onvif = sourceFromFind({ ...emptyFind(), brand: 'onvif', address: '10.0.0.3', port: '8000' });
    expect(onvif.ok && onvif.source).toEqual({ kind: 'onvif', address: '10.0.0.3', onvifPort: 8000 });
    const device = { id: 'urn:uuid:1', name: 'Till', manufacturer: 'Axis', model: 'M3106', address: '10.0.0.4', onvifPort: 80, serviceUrl: 'http://10.0.0.4/onvif/device_service', brand: 'axis' as const };
    const found = sourceFromFind({ ...emptyFind(), device });
    expect(found.ok && found.source).toEqual({ kind: 'onvif', address: '10.0.0.4', onvifPort: 80 });
    for (const r of [brand, onvif, found]) {
      if (r.ok) expect(cameraProbeInputSchema.safeParse({ source: r.source, username: 'u', password: 'p' }).success).toBe(true);
    }
    expect(sourceFromFind({ ...emptyFind(), brand: 'tapo', address: '10.0.0.2', port: 'x' })).toMatchObject({ ok: false, field: 'port' });
    expect(sourceFromFind({ ...emptyFind(), brand: 'tapo', address: '' })).toMatchObject({ ok: false, field: 'address' });
    expect(sourceFromFind({ ...emptyFind(), brand: 'reolink', address: '10.0.0.2', channel: '99' })).toMatchObject({ ok: false, field: 'channel' });
  });

  it('a full address with credentials inside: they move to the sign-in fields', () => {
    const r = sourceFromFind({ ...emptyFind(), brand: 'url', mainUrl: ' rtsp://admin:p%40ss%3Aw@10.0.0.2:554/live ', subUrl: '' });
    expect(r).toEqual({ ok: true, source: { kind: 'url', mainUrl: 'rtsp://10.0.0.2:554/live', subUrl: null }, moved: { username: 'admin', password: 'p@ss:w' } });
    expect(sourceFromFind({ ...emptyFind(), brand: 'url', mainUrl: '10.0.0.2/live' })).toMatchObject({ ok: false, field: 'mainUrl' });
    expect(sourceFromFind({ ...emptyFind(), brand: 'url', mainUrl: 'rtsp://a/b', subUrl: 'ftp://x' })).toMatchObject({ ok: false, field: 'subUrl' });
  });

  it('describes streams and says where to fix a failure', () => {
    expect(describeStream(probeOk.main!)).toBe('H.264 1920×1080 at 15 fps, no sound');
    expect(describeStream({ codec: 'hevc', width: 2560, height: 1440, fps: 12.5, audio: 'pcm_mulaw' })).toBe('H.265 2560×1440 at 12.5 fps, sound (pcm_mulaw)');
    expect(stepToFix('auth')).toBe('credentials');
    expect(stepToFix('not-found')).toBe('find');
    expect(testKey({ kind: 'url', mainUrl: 'rtsp://a/b' }, { username: 'u', password: 'p' })).not.toBe(testKey({ kind: 'url', mainUrl: 'rtsp://a/b' }, { username: 'u', password: 'q' }));
    expect(suggestName({ ...emptyFind(), brand: 'hikvision' }, ['Hikvision camera'])).toBe('Hikvision camera 2');
  });

  it('saves a new camera with the tested addresses and every setting of the wizard', () => {
    const settings = { ...settingsFromCamera(undefined), name: ' Till ', recordingMode: 'continuous' as const, onlyPeople: true, masks: [square], zones: [square] };
    const input = buildCameraInput(probeOk, { username: 'admin', password: 'é@:/#' }, settings);
    const parsed = cameraInputSchema.parse(input);
    expect(parsed).toMatchObject({
      name: 'Till',
      mainUrl: probeOk.mainUrl,
      subUrl: probeOk.subUrl,
      username: 'admin',
      password: 'é@:/#',
      recording: { mode: 'continuous' },
      notifications: { enabled: true, onlyPeople: true },
      detection: { enabled: true, zones: [square] },
      motion: { masks: [square] },
    });
    expect(() => buildCameraInput({ ...probeOk, ok: false }, { username: '', password: '' }, settings)).toThrow(/test/);
  });

  it('edits a camera: addresses only after a passing test, the password only when typed', () => {
    const camera = {
      id: 'c1', name: 'Door', mainUrl: probeOk.mainUrl!, subUrl: null, username: 'admin', hasPassword: true,
      recording: { mode: 'events' }, notifications: { enabled: true, onlyPeople: false }, detection: { enabled: true, zones: [] }, motion: { masks: [square] },
    } as unknown as CameraView;
    expect(findFromCamera(camera)).toMatchObject({ brand: 'url', mainUrl: probeOk.mainUrl, subUrl: '' });
    const settings = settingsFromCamera(camera);
    expect(settings.masks).toEqual([square]);
    const untested = buildCameraPatch(camera, null, { username: 'other', password: '' }, { ...settings, recordingMode: 'off' });
    expect(untested).toEqual({
      name: 'Door',
      recording: { mode: 'off' },
      notifications: { enabled: true, onlyPeople: false },
      detection: { enabled: true, zones: [] },
      motion: { masks: [square] },
    });
    const tested = buildCameraPatch(camera, probeOk, { username: 'admin', password: '' }, settings);
    expect(tested.subUrl).toBe(probeOk.subUrl);
    expect('mainUrl' in tested || 'password' in tested || 'username' in tested).toBe(false);
    expect(buildCameraPatch(camera, probeOk, { username: 'admin', password: 'new' }, settings).password).toBe('new');
    expect(cameraPatchSchema.safeParse(tested).success).toBe(true);
  });
});
