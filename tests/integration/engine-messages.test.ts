// The engine's sentences as message codes across the contract (issue 16), over the WebSocket transport against the
// real engine in service mode and the real GStreamer camera with a password: a wrong password gives the wizard's test
// and the camera's status their message (with the camera's name), next to the English the CLI keeps; an ApiError's
// message crosses the transport and the page renders it in another language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import WebSocket from 'ws';
import { startService, type RunningService } from '../../main/service/service.ts';
import { connectToDataDir, type ApiConnection } from '../../main/service/ws-client.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { ApiError } from '../../preload/contract.ts';
import { catalogs } from '../../preload/i18n/all-catalogs.ts';
import { localText } from '../../preload/i18n/engine-message.ts';
import { courtyardPath, startRtspCamera, type RtspCamera } from '../fixtures/rtsp-camera.ts';
import { waitFor } from '../fixtures/wait-for.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const USER = 'caisse';
const PASSWORD = 'right-p@ss';

function pageDir(root: string): string {
  const dir = path.join(root, 'page');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>ShopWatch NVR</title>');
  return dir;
}

describe('engine messages across the contract', () => {
  let dataDir: string;
  let service: RunningService;
  let client: ApiConnection;
  let camera: RtspCamera;

  beforeAll(async () => {
    camera = await startRtspCamera({ source: 'file:' + courtyardPath(), user: USER, password: PASSWORD });
    dataDir = tempDataDir('nvr-engine-messages-');
    service = await startService({
      dataDir,
      port: 0,
      logger: silentLogger(),
      rendererDir: pageDir(dataDir),
      engine: { notificationSinks: [quietSink], modelPath: '/nonexistent/model.onnx' },
    });
    client = await connectToDataDir(dataDir);
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await service?.stop();
    await camera?.stop();
  });

  it("the wizard's test with a wrong password answers engine_probe_wrong_password next to the English", async () => {
    const result = await client.api['cameras.probe']({ source: { kind: 'url', mainUrl: camera.url }, username: USER, password: 'wrong-' + PASSWORD });
    expect(result).toMatchObject({ ok: false, code: 'auth' });
    expect(result.message).toMatch(/^Wrong username or password: the camera refused them/);
    expect(result.engineMessage).toEqual({ key: 'engine_probe_wrong_password', params: {} });
    expect(localText(result.engineMessage, result.message!, catalogs.th)).toBe(catalogs.th.engine_probe_wrong_password);
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  }, 40_000);

  it("the right password: the test's notices come with their messages, in the same order", async () => {
    const result = await client.api['cameras.probe']({ source: { kind: 'url', mainUrl: camera.url }, username: USER, password: PASSWORD });
    expect(result.ok).toBe(true);
    expect(result.notices).toContain('No sub stream: the live grid uses the main stream (more network and processing per tile).');
    expect(result.noticeMessages).toHaveLength(result.notices.length);
    const i = result.notices.findIndex((n) => n.startsWith('No sub stream'));
    expect(result.noticeMessages![i]).toEqual({ key: 'engine_probe_no_sub', params: {} });
  }, 40_000);

  it("a camera saved with a wrong password: its status carries engine_camera_wrong_password with the camera's name", async () => {
    const added = await client.api['cameras.add']({ name: 'Back door', mainUrl: camera.url, username: USER, password: 'wrong-' + PASSWORD, recording: { mode: 'off' } });
    let reasonMessage: unknown = null;
    let reason: string | null = null;
    await waitFor(
      async () => {
        const view = await client.api['cameras.get']({ id: added.id });
        reasonMessage = view.status.reasonMessage ?? null;
        reason = view.status.reason;
        return view.status.state === 'failed' && reasonMessage !== null;
      },
      30_000,
      'the camera failing on its password',
    );
    expect(reasonMessage).toEqual({ key: 'engine_camera_wrong_password', params: { camera: 'Back door' } });
    expect(reason).toBe("Wrong username or password for Back door: check them in the camera's settings (the camera refused to log in).");
    const health = await client.api['health.get']({});
    const inHealth = health.cameras.find((c) => c.cameraId === added.id)!;
    expect(inHealth.reasonMessage).toEqual(reasonMessage);
    expect(localText(inHealth.reasonMessage, inHealth.reason!, catalogs.vi)).toBe(catalogs.vi.engine_camera_wrong_password({ camera: 'Back door' }));
  }, 60_000);

  it("an ApiError's message crosses the WebSocket transport", async () => {
    const err = await client.api['cameras.get']({ id: 'no-such-camera' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not-found', message: 'There is no such camera (it may have been removed).' });
    expect((err as ApiError).engineMessage).toEqual({ key: 'engine_no_such_camera', params: {} });
    expect(localText((err as ApiError).engineMessage, (err as ApiError).message, catalogs['pt-BR'])).toBe(catalogs['pt-BR'].engine_no_such_camera);

    // On the wire itself: the error body carries the message next to the English.
    const ws = new WebSocket(`ws://127.0.0.1:${service.port}/api/ws`, { headers: { Authorization: `Bearer ${service.token}` } });
    const messages: Array<Record<string, unknown>> = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Record<string, unknown>));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    ws.send(JSON.stringify({ type: 'request', id: 7, name: 'events.get', input: { id: 'no-such-event' } }));
    await waitFor(() => messages.some((m) => m.type === 'response' && m.id === 7), 5000, 'the answer');
    const answer = messages.find((m) => m.type === 'response' && m.id === 7)!;
    expect(answer.error).toEqual({
      code: 'not-found',
      message: 'There is no such event (it may have been deleted by retention).',
      engineMessage: { key: 'engine_no_such_event', params: {} },
    });
    ws.close();
  }, 30_000);
});
