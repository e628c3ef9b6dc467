// ONVIF in the camera wizard against a stand-in camera (tests/fixtures/onvif-camera.ts): WS-Discovery by real multicast
// to 239.255.255.250:3702 (it works in this container: the responder joins the group on the default interface), then
// GetDeviceInformation, GetProfiles and GetStreamUri with a WS-Security digest, and the streams it names probed for
// real on the GStreamer RTSP camera.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverOnvifDevices } from '../../main/core/cameras/onvif-discovery.ts';
import { getOnvifStreams, OnvifError } from '../../main/core/cameras/onvif-client.ts';
import { probeCamera } from '../../main/core/cameras/camera-probe.ts';
import { locateFfmpeg, locateFfprobe } from '../../main/core/capture/ffmpeg-locate.ts';
import { startOnvifCamera, type OnvifCamera } from '../fixtures/onvif-camera.ts';
import { startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';

const USER = 'shop&<admin>';
const PASSWORD = 'Ö@n:v/i#f %20&<pw>';
const tools = { ffmpegPath: locateFfmpeg({}).path, ffprobePath: locateFfprobe({}).path };

describe('ONVIF discovery and stream addresses', () => {
  let rtsp: RtspCamera;
  let onvif: OnvifCamera;

  beforeAll(async () => {
    rtsp = await startRtspCamera({ source: 'pattern:ball', user: USER, password: PASSWORD });
    onvif = await startOnvifCamera({
      username: USER,
      password: PASSWORD,
      manufacturer: 'HIKVISION',
      model: 'DS-2CD2143G2-I',
      name: 'Back door',
      mainUri: rtsp.url,
      subUri: `${rtsp.url}?profile=sub`,
    });
  }, 60_000);

  afterAll(async () => {
    await onvif?.stop();
    await rtsp?.stop();
  });

  it('finds the camera by WS-Discovery with its name, maker, model, address and ONVIF port', async () => {
    const result = await discoverOnvifDevices({ timeoutMs: 2000 });
    expect(result.error).toBeNull();
    const device = result.devices.find((d) => d.id === onvif.urn);
    expect(device).toEqual({
      id: onvif.urn,
      name: 'Back door',
      manufacturer: 'HIKVISION',
      model: 'DS-2CD2143G2-I',
      address: '127.0.0.1',
      onvifPort: onvif.port,
      serviceUrl: `http://127.0.0.1:${onvif.port}/onvif/device_service`,
      brand: 'hikvision',
    });
    expect(onvif.probesAnswered).toBeGreaterThan(0);
  });

  it('two searches at once share one probe', async () => {
    const before = onvif.probesAnswered;
    const [a, b] = await Promise.all([discoverOnvifDevices({ timeoutMs: 1000 }), discoverOnvifDevices({ timeoutMs: 1000 })]);
    expect(a).toBe(b);
    expect(onvif.probesAnswered - before).toBe(1);
  });

  it('asks the camera for its main and sub stream with GetStreamUri (largest profile is main)', async () => {
    const found = await getOnvifStreams({ host: '127.0.0.1', port: onvif.port, username: USER, password: PASSWORD, timeoutMs: 8000 });
    expect(found.device).toEqual({ manufacturer: 'HIKVISION', model: 'DS-2CD2143G2-I', firmware: 'V5.7.3 build 220112' });
    expect(found.mainUrl).toBe(rtsp.url);
    expect(found.subUrl).toBe(`${rtsp.url}?profile=sub`);
    expect(found.profiles.map((p) => [p.token, p.width, p.height])).toEqual([
      ['Profile_2', 640, 360],
      ['Profile_1', 1920, 1080],
    ]);
    expect(onvif.actions).toEqual(expect.arrayContaining(['GetSystemDateAndTime', 'GetCapabilities', 'GetDeviceInformation', 'GetProfiles', 'GetStreamUri']));
  });

  it('says the ONVIF password is wrong, without repeating it', async () => {
    const err = await getOnvifStreams({ host: '127.0.0.1', port: onvif.port, username: USER, password: 'nope-' + PASSWORD, timeoutMs: 8000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OnvifError);
    expect((err as OnvifError).code).toBe('auth');
    expect((err as OnvifError).message).toMatch(/^Wrong username or password/);
    expect((err as OnvifError).message).not.toContain('nope-');
  });

  it('says when nothing answers ONVIF on that port', async () => {
    const err = await getOnvifStreams({ host: '127.0.0.1', port: 1, username: USER, password: PASSWORD, timeoutMs: 5000 }).catch((e: unknown) => e);
    expect((err as OnvifError).code).toBe('unreachable');
    expect((err as OnvifError).message).toMatch(/ONVIF port/);
  });

  it('the wizard test of an ONVIF camera: addresses from the camera, both streams probed, a JPEG still', async () => {
    // One account for ONVIF and RTSP, as on real cameras; the RTSP camera checks it too.
    const result = await probeCamera(
      { source: { kind: 'onvif', address: '127.0.0.1', onvifPort: onvif.port }, username: USER, password: PASSWORD, cameraId: null },
      PASSWORD,
      { ...tools, timeoutMs: 10_000 },
    );
    expect(result.message).toBeNull();
    expect(result.ok).toBe(true);
    expect(result.mainUrl).toBe(rtsp.url);
    expect(result.subUrl).toBe(`${rtsp.url}?profile=sub`);
    expect(result.device?.manufacturer).toBe('HIKVISION');
    expect(result.main).toEqual({ codec: 'h264', width: 640, height: 360, fps: expect.any(Number), audio: null });
    expect(result.sub?.codec).toBe('h264');
    expect(result.snapshot).toMatch(/^data:image\/jpeg;base64,/);
    const jpeg = Buffer.from(result.snapshot!.slice('data:image/jpeg;base64,'.length), 'base64');
    expect([jpeg[0], jpeg[1]]).toEqual([0xff, 0xd8]);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
    expect(JSON.stringify(result)).not.toContain(encodeURIComponent(PASSWORD));
  }, 40_000);

  it("a brand whose usual path this model lacks: the camera's own ONVIF addresses are used, and the owner told", async () => {
    const result = await probeCamera(
      { source: { kind: 'brand', brand: 'hikvision', address: '127.0.0.1', port: rtsp.port, onvifPort: onvif.port }, username: USER, password: PASSWORD, cameraId: null },
      PASSWORD,
      { ...tools, timeoutMs: 10_000 },
    );
    expect(result.message).toBeNull();
    expect(result).toMatchObject({ ok: true, mainUrl: rtsp.url, subUrl: `${rtsp.url}?profile=sub`, device: { manufacturer: 'HIKVISION' } });
    expect(result.notices[0]).toMatch(/usual Hikvision .* address did not work on this model; the camera gave its own addresses \(ONVIF\)/);
  }, 40_000);
});
