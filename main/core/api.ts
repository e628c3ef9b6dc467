// The core's implementation of the contract (preload/contract.ts), once, for every transport. Inputs arrive parsed by
// the transport; anything a user can get wrong becomes an ApiError with a message they can act on.
import type { ApiHandlers, Caller, EventView } from '../../preload/contract.ts';
import { ApiError, PC_OWNER } from '../../preload/contract.ts';
import type { CoreServices } from './core-services.ts';
import { CAMERA_TEST_STEP_MS, probeStream } from './capture/stream-probe.ts';
import { validateStreamUrl, withCredentials } from './capture/stream-url.ts';
import { parsePastedAddress } from '../../preload/pasted-address.ts';
import { DEMO_CAMERA_URL } from './capture/ffmpeg-args.ts';
import { probeCamera } from './cameras/camera-probe.ts';
import { createProbeLimiter } from './cameras/probe-limit.ts';
import { discoverOnvifDevices } from './cameras/onvif-discovery.ts';
import { say } from '../../preload/i18n/engine-message.ts';
import { isDiskFullError } from './storage/disk-full.ts';

export function createCoreApi(services: CoreServices): ApiHandlers {
  return answerFullDisk(coreHandlers(services));
}

/** A request whose write a full disk refuses gets one sentence the owner can act on (nothing is half-saved: SQLite). */
function answerFullDisk(handlers: ApiHandlers): ApiHandlers {
  const wrapped: Record<string, (input: never, caller?: Caller) => Promise<unknown>> = {};
  for (const [name, handler] of Object.entries(handlers) as Array<[string, (input: never, caller?: Caller) => Promise<unknown>]>) {
    wrapped[name] = async (input, caller) => {
      try {
        return await handler(input, caller);
      } catch (err) {
        if (err instanceof ApiError || !isDiskFullError(err)) throw err;
        throw new ApiError('unavailable', say('engine_save_disk_full'));
      }
    };
  }
  return wrapped as unknown as ApiHandlers;
}

function coreHandlers(core: CoreServices): ApiHandlers {
  const { cameras } = core;
  // Made when a test runs: the handlers are also built over partial services (the desktop's tests).
  const testLog = () => core.logger.child({ component: 'camera-test' });
  // Camera tests are capped and queued: many at once starved the cameras that were recording (probe-limit.ts).
  const probes = createProbeLimiter();

  const event = (id: string): EventView => {
    const e = core.events.get(id);
    if (!e) throw new ApiError('not-found', say('engine_no_such_event'));
    return e;
  };

  return {
    'cameras.list': async () => cameras.list(),
    'cameras.get': async ({ id }) => cameras.get(id),
    'cameras.add': async (input) => cameras.add(input),
    'cameras.addDemo': async () => {
      const existing = cameras.list().find((c) => c.demo);
      if (existing) return existing;
      return cameras.add({ name: 'Demo camera', mainUrl: DEMO_CAMERA_URL, demo: true });
    },
    'cameras.update': async ({ id, patch }) => cameras.update(id, patch),
    'cameras.remove': async ({ id }) => {
      await cameras.remove(id);
      return { removed: true };
    },
    'cameras.enable': async ({ id }) => cameras.update(id, { enabled: true }),
    'cameras.disable': async ({ id }) => cameras.update(id, { enabled: false }),
    'cameras.testStream': async ({ url, username, password }) => {
      const split = parsePastedAddress(url); // a raw password may hold `@ : / # ?` (preload/pasted-address.ts)
      const checked = validateStreamUrl(split.url);
      if (!checked.ok) return { ok: false, code: 'invalid-url', message: checked.message };
      const full = withCredentials(split.url, username ?? split.username, password ?? split.password);
      const ffprobePath = core.tools.ffprobe();
      if (typeof ffprobePath !== 'string') return { ok: false, code: 'no-ffmpeg', message: ffprobePath.problem };
      return probes.run(() => probeStream(full, { ffprobePath, timeoutMs: CAMERA_TEST_STEP_MS, logger: testLog() }));
    },
    'cameras.discover': async ({ timeoutMs }) => discoverOnvifDevices({ timeoutMs: timeoutMs ?? 4000 }),
    'cameras.probe': async (input) => {
      const tools = core.tools.both();
      if (typeof tools === 'string') throw new ApiError('unavailable', tools);
      let password = input.password ?? null;
      if (password === null && input.cameraId) {
        cameras.get(input.cameraId); // not-found when it was removed meanwhile
        password = cameras.storedPassword(input.cameraId);
      }
      return probes.run(() => probeCamera(input, password, { ...tools, logger: testLog() }));
    },
    'events.list': async (input) => core.events.list(input),
    'events.get': async ({ id }) => ({ ...event(id), deliveries: core.alerts.deliveries(id) }),
    'events.delete': async ({ id }) => {
      event(id);
      await core.eventDeletion.deleteEvent(id);
      return { deleted: true };
    },
    'events.keepForever': async ({ id, keep }) => {
      event(id);
      core.events.setKeepForever(id, keep);
      const view = event(id);
      core.emit('event.updated', view);
      return view;
    },
    'activity.range': async ({ cameraIds, from, to }) => {
      if (to < from) throw new ApiError('bad-request', 'The end of the time range is before its start.');
      return core.activity.range(cameraIds ?? null, from, to);
    },
    'visitors.list': async ({ cameraIds, from, to, bucket }) => ({ buckets: core.visitors.buckets(cameraIds ?? null, from, to, bucket) }),
    'settings.get': async () => core.settings.get(),
    'settings.update': async (patch) => core.settings.update(patch),
    'cameras.liveInfo': async ({ id, quality }) => core.media.liveInfo(id, quality),
    'recordings.spans': async ({ cameraIds, from, to }) => core.recordings.spans(cameraIds ?? null, from, to),
    'recordings.eventFootage': async ({ id }) => {
      const footage = core.recordings.eventFootage(id);
      if (!footage) throw new ApiError('not-found', say('engine_no_such_event'));
      return footage;
    },
    'recordings.export': async (input) => core.exports.start(input),
    // Range exports kept in the data folder (issue 15, "Get it out").
    // The new export's default name is in the owner's language (the setting, else the OS's).
    'exports.create': async (input) => core.rangeExports.create(input, core.ownerLocale()),
    'exports.list': async () => core.rangeExports.list(),
    'exports.rename': async ({ id, name }) => core.rangeExports.rename(id, name),
    'exports.delete': async ({ id }) => {
      await core.rangeExports.delete(id);
      return { deleted: true };
    },
    'health.get': async () => core.health.report(),
    // Roles and accounts (issue 15, roles); who may call each is contract.ts's requestRoles, checked by invokeRequest.
    'session.whoami': async (_input, caller = PC_OWNER) => ({ role: caller.role, username: caller.username }),
    'accounts.list': async () => ({ accounts: core.access.listAccounts() }),
    'accounts.add': async ({ username, password }) => core.access.addAccount(username, password),
    'accounts.resetPassword': async ({ username, password }) => core.access.resetPassword(username, password),
    'accounts.remove': async ({ username }) => {
      core.access.removeAccount(username);
      return { removed: true };
    },
    'lan.get': async () => core.access.lanView(),
    'lan.update': async (change) => core.access.updateLan(change),
    // alert channels (issue 14)
    'alerts.channels.list': async () => core.alerts.list(),
    'alerts.channels.save': async ({ channel, secrets }) => core.alerts.save(channel, secrets),
    'alerts.channels.remove': async ({ id }) => {
      await core.alerts.remove(id);
      return { removed: true };
    },
    'alerts.channels.test': async ({ id }) => core.alerts.test(id),
    // review
    'events.days': async ({ cameraIds, from, to, tzOffsetMinutes, timeZone }) => core.events.days(cameraIds ?? null, from, to, timeZone ?? tzOffsetMinutes),
    'events.markReviewed': async (input) => {
      const ids = core.events.markReviewed(input, Date.now());
      // Other open pages update their marks; a bulk mark of thousands is told as counts only (they reload).
      if (ids.length <= 500) for (const id of ids) {
        const view = core.events.get(id);
        if (view) core.emit('event.updated', view);
      }
      return { marked: ids.length };
    },
    'events.unreviewedCounts': async () => core.events.unreviewedCounts(),
  };
}
