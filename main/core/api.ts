// The core's implementation of the contract (preload/contract.ts), once, for every transport. Inputs arrive parsed by
// the transport; anything a user can get wrong becomes an ApiError with a message they can act on.
import type { ApiHandlers, EventView } from '../../preload/contract.ts';
import { ApiError } from '../../preload/contract.ts';
import type { NvrEngine } from './engine.ts';
import { probeStream } from './capture/stream-probe.ts';
import { splitCredentials, validateStreamUrl, withCredentials } from './capture/stream-url.ts';
import { locateFfprobe } from './capture/ffmpeg-locate.ts';
import { SystemHealth } from './system-health.ts';
import { DEMO_CAMERA_URL } from './capture/ffmpeg-args.ts';
import { locateFfmpeg } from './capture/ffmpeg-locate.ts';
import { probeCamera } from './cameras/camera-probe.ts';
import { createProbeLimiter } from './cameras/probe-limit.ts';
import { discoverOnvifDevices } from './cameras/onvif-discovery.ts';
import { isDiskFullError } from './storage/disk-full.ts';

export function createCoreApi(engine: NvrEngine): ApiHandlers {
  return answerFullDisk(coreHandlers(engine));
}

/** A request whose write a full disk refuses gets one sentence the owner can act on (nothing is half-saved: SQLite). */
function answerFullDisk(handlers: ApiHandlers): ApiHandlers {
  const wrapped: Record<string, (input: never) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as Array<[string, (input: never) => Promise<unknown>]>) {
    wrapped[name] = async (input) => {
      try {
        return await handler(input);
      } catch (err) {
        if (err instanceof ApiError || !isDiskFullError(err)) throw err;
        throw new ApiError('unavailable', 'The disk that holds the data folder is full: this change could not be saved. Free some space and try again.');
      }
    };
  }
  return wrapped as unknown as ApiHandlers;
}

function coreHandlers(engine: NvrEngine): ApiHandlers {
  const system = new SystemHealth(engine.paths.root);
  // Camera tests are capped and queued: many at once starved the cameras that were recording (probe-limit.ts).
  const probes = createProbeLimiter();

  const event = (id: string): EventView => {
    const e = engine.events.get(id);
    if (!e) throw new ApiError('not-found', 'There is no such event (it may have been deleted by retention).');
    return e;
  };

  return {
    'cameras.list': async () => engine.listCameras(),
    'cameras.get': async ({ id }) => engine.getCamera(id),
    'cameras.add': async (input) => engine.addCamera(input),
    'cameras.addDemo': async () => {
      const existing = engine.listCameras().find((c) => c.demo);
      if (existing) return existing;
      return engine.addCamera({ name: 'Demo camera', mainUrl: DEMO_CAMERA_URL, demo: true });
    },
    'cameras.update': async ({ id, patch }) => engine.updateCamera(id, patch),
    'cameras.remove': async ({ id }) => {
      await engine.removeCamera(id);
      return { removed: true };
    },
    'cameras.enable': async ({ id }) => engine.updateCamera(id, { enabled: true }),
    'cameras.disable': async ({ id }) => engine.updateCamera(id, { enabled: false }),
    'cameras.testStream': async ({ url, username, password }) => {
      const checked = validateStreamUrl(url);
      if (!checked.ok) return { ok: false, code: 'invalid-url', message: checked.message };
      const split = splitCredentials(url);
      const full = withCredentials(split.url, username ?? split.username, password ?? split.password);
      let ffprobePath: string;
      try {
        ffprobePath = engine.ffprobePath ?? locateFfprobe({ settingsPath: engine.getSettings().ffmpegPath ?? null }).path;
      } catch (err) {
        return { ok: false, code: 'no-ffmpeg', message: err instanceof Error ? err.message : String(err) };
      }
      return probes.run(() => probeStream(full, { ffprobePath, timeoutMs: 10_000 }));
    },
    'cameras.discover': async ({ timeoutMs }) => discoverOnvifDevices({ timeoutMs: timeoutMs ?? 4000 }),
    'cameras.probe': async (input) => {
      const settingsPath = engine.getSettings().ffmpegPath ?? null;
      let tools: { ffprobePath: string; ffmpegPath: string };
      try {
        tools = { ffprobePath: engine.ffprobePath ?? locateFfprobe({ settingsPath }).path, ffmpegPath: engine.ffmpegPath ?? locateFfmpeg({ settingsPath }).path };
      } catch (err) {
        throw new ApiError('unavailable', err instanceof Error ? err.message : String(err));
      }
      let password = input.password ?? null;
      if (password === null && input.cameraId) {
        engine.getCamera(input.cameraId); // not-found when it was removed meanwhile
        password = engine.storedPassword(input.cameraId);
      }
      return probes.run(() => probeCamera(input, password, tools));
    },
    'events.list': async (input) => engine.events.list(input),
    'events.get': async ({ id }) => event(id),
    'events.delete': async ({ id }) => {
      event(id);
      await engine.retention.deleteEvent(id);
      return { deleted: true };
    },
    'events.keepForever': async ({ id, keep }) => {
      event(id);
      engine.events.setKeepForever(id, keep);
      const view = event(id);
      engine.emit('event.updated', view);
      return view;
    },
    'activity.range': async ({ cameraIds, from, to }) => {
      if (to < from) throw new ApiError('bad-request', 'The end of the time range is before its start.');
      return engine.activity.range(cameraIds ?? null, from, to);
    },
    'visitors.list': async ({ cameraIds, from, to, bucket }) => ({ buckets: engine.visitors.buckets(cameraIds ?? null, from, to, bucket) }),
    'settings.get': async () => engine.getSettings(),
    'settings.update': async (patch) => engine.settings.update(patch),
    'cameras.liveInfo': async ({ id, quality }) => engine.liveInfo(id, quality),
    'recordings.spans': async ({ cameraIds, from, to }) => engine.clips.spans(cameraIds ?? null, from, to),
    'recordings.eventFootage': async ({ id }) => {
      const footage = engine.clips.eventFootage(id);
      if (!footage) throw new ApiError('not-found', 'There is no such event (it may have been deleted by retention).');
      return footage;
    },
    'recordings.export': async (input) => engine.exports.start(input),
    'health.get': async () => {
      const sys = await system.snapshot();
      const detector = engine.detector?.counters();
      return {
        cameras: engine.listCameras().map((c) => ({ cameraId: c.id, name: c.name, ...c.status })),
        system: {
          ...sys,
          dataDir: engine.paths.root,
          notifications: engine.notifier.status(),
          detection: {
            enabled: engine.detection.enabled,
            reason: engine.detection.reason,
            inferences: detector?.inferences ?? 0,
            skippedFrames: detector?.skippedFrames ?? 0,
            queueDepth: detector?.queueDepth ?? 0,
            inferenceMsMedian: detector?.inferenceMsMedian ?? null,
            accelerator: detector?.accelerator ?? null,
          },
          retention: engine.retention.summary(),
          uptimeMs: Date.now() - engine.startedAt,
          database: engine.databaseStatus(),
          disk: engine.disk.status(),
          ...(engine.folder ? { dataFolder: engine.folder.watch.status() } : {}),
        },
      };
    },
  };
}
