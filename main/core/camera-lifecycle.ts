// The cameras: saved in the database (passwords sealed by the secret box), each running as one pipeline. Adding,
// changing and removing a camera goes through here. A change that needs a new ffmpeg (camera-change-plan.ts) restarts
// that camera's pipeline only; any other change is applied to the running pipeline, whose open event goes on.
import { randomUUID } from 'node:crypto';
import {
  CAMERA_SETTING_GROUPS,
  cameraInputSchema,
  cameraPatchSchema,
  type Camera,
  type CameraInput,
  type CameraPatch,
} from '../../preload/settings-schema.ts';
import { ApiError, type ApiEvents, type CameraStatus, type CameraView, type EventName } from '../../preload/contract.ts';
import type { Logger } from './logging/logger.ts';
import type { CameraLogNames } from './logging/camera-log-names.ts';
import type { CameraRepository } from './storage/camera-repository.ts';
import type { SecretBox } from './cameras/secret-box.ts';
import { initialStatus, type CameraPipeline } from './camera-pipeline.ts';
import { validateStreamUrl } from './capture/stream-url.ts';
import { parsePastedAddress } from '../../preload/pasted-address.ts';
import { planCameraChange } from './camera-change-plan.ts';
import { wireCamera, type CameraWiringDeps, type WiredCamera } from './camera-wiring.ts';
import { say } from '../../preload/i18n/engine-message.ts';

export const NO_SUCH_CAMERA_SAID = say('engine_no_such_camera');
export const NO_SUCH_CAMERA = NO_SUCH_CAMERA_SAID.text;

export interface CameraLifecycleDeps {
  repo: CameraRepository;
  secrets: SecretBox;
  logger: Logger;
  logNames: CameraLogNames;
  wiring: CameraWiringDeps;
  emit: <K extends EventName>(name: K, payload: ApiEvents[K]) => void;
}

export class CameraLifecycle {
  private readonly pipelines = new Map<string, WiredCamera>();

  constructor(private readonly deps: CameraLifecycleDeps) {}

  list(): CameraView[] {
    return this.deps.repo.list().map((c) => this.view(c));
  }

  get(id: string): CameraView {
    const c = this.deps.repo.get(id);
    if (!c) throw new ApiError('not-found', NO_SUCH_CAMERA_SAID);
    return this.view(c);
  }

  /** The camera as saved (no status), or null. */
  saved(id: string): Camera | null {
    return this.deps.repo.get(id);
  }

  async add(input: CameraInput): Promise<CameraView> {
    const parsed = cameraInputSchema.parse(input);
    const main = checkUrl(parsed.mainUrl, 'main', parsed.demo);
    const sub = parsed.subUrl ? checkUrl(parsed.subUrl, 'sub', parsed.demo) : null;
    const username = parsed.username ?? main.username ?? sub?.username ?? null;
    const password = parsed.password ?? main.password ?? sub?.password ?? null;
    const id = randomUUID();
    this.deps.repo.insert({
      ...parsed,
      id,
      mainUrl: main.url,
      subUrl: sub?.url ?? null,
      username,
      passwordEnc: password ? this.deps.secrets.encrypt(password) : null,
      createdAt: Date.now(),
    });
    const camera = this.deps.repo.get(id) as Camera;
    this.deps.logNames.set(id, camera.name);
    this.deps.logger.info({ cameraId: id }, 'camera added');
    this.start(camera);
    this.deps.emit('cameras.changed', { cameraIds: [id] });
    return this.view(camera);
  }

  async update(id: string, patchInput: CameraPatch): Promise<CameraView> {
    const existing = this.deps.repo.get(id);
    if (!existing) throw new ApiError('not-found', NO_SUCH_CAMERA_SAID);
    const patch = cameraPatchSchema.parse(patchInput);
    const changes: Parameters<CameraRepository['update']>[1] = {};
    let newPassword: string | null | undefined;
    if (patch.name !== undefined) changes.name = patch.name;
    if (patch.enabled !== undefined) changes.enabled = patch.enabled;
    if (patch.mainUrl !== undefined) {
      const main = checkUrl(patch.mainUrl, 'main', existing.demo);
      changes.mainUrl = main.url;
      if (main.username) changes.username = main.username;
      if (main.password) newPassword = main.password;
    }
    if (patch.subUrl !== undefined) changes.subUrl = patch.subUrl ? checkUrl(patch.subUrl, 'sub', existing.demo).url : null;
    if (patch.username !== undefined) changes.username = patch.username ?? null;
    if (patch.password !== undefined) newPassword = patch.password || null;
    if (newPassword !== undefined) changes.passwordEnc = newPassword ? this.deps.secrets.encrypt(newPassword) : null;
    const passwordChanged = newPassword !== undefined && newPassword !== this.password(existing);
    for (const group of CAMERA_SETTING_GROUPS) {
      const value = patch[group];
      if (value) (changes as Record<string, unknown>)[group] = { ...existing[group], ...value };
    }
    this.deps.repo.update(id, changes);
    const camera = this.deps.repo.get(id) as Camera;
    this.deps.logNames.set(id, camera.name);
    const plan = planCameraChange(existing, camera, passwordChanged);
    const running = this.pipelines.get(id);
    if (plan.restartCapture || !running) {
      this.deps.logger.info({ cameraId: id, fields: plan.restartFields }, 'camera changed; restarting its pipeline');
      await this.stop(id);
      this.start(camera);
    } else if (plan.apply.length > 0) {
      this.deps.logger.info({ cameraId: id, applied: plan.apply }, 'camera changed; applied without a restart');
      running.pipeline.applySettings(camera, plan.apply);
    }
    this.deps.emit('cameras.changed', { cameraIds: [id] });
    return this.view(camera);
  }

  async remove(id: string): Promise<void> {
    if (!this.deps.repo.get(id)) throw new ApiError('not-found', NO_SUCH_CAMERA_SAID);
    await this.stop(id);
    this.deps.repo.remove(id);
    this.deps.logger.info({ cameraId: id }, 'camera removed');
    this.deps.logNames.delete(id);
    this.deps.emit('cameras.changed', { cameraIds: [id] });
  }

  /** A saved camera's password, for the core's own camera test (the wizard editing a camera). Never sent to a UI. */
  storedPassword(id: string): string | null {
    const camera = this.deps.repo.get(id);
    return camera ? this.password(camera) : null;
  }

  status(id: string): CameraStatus | null {
    return this.pipelines.get(id)?.pipeline.currentStatus() ?? null;
  }

  pipeline(id: string): CameraPipeline | null {
    return this.pipelines.get(id)?.pipeline ?? null;
  }

  /** Every camera's pipeline (a turned-off camera has one too, without capture): what /metrics and /ready read. */
  pipelinesNow(): CameraPipeline[] {
    return [...this.pipelines.values()].map((p) => p.pipeline);
  }

  /** Frame arrival → event row committed, ms, recent events of a camera (benchmarks, health). */
  recorderLatencies(id: string): readonly number[] {
    return this.pipelines.get(id)?.recorder.commitLatencies ?? [];
  }

  /** Confirming frame's arrival → person event committed, ms, recent person events of a camera. */
  personLatencies(id: string): readonly number[] {
    return this.pipelines.get(id)?.recorder.personLatencies ?? [];
  }

  /** Starts every saved camera (at engine start); returns how many. */
  startAll(): number {
    for (const camera of this.deps.repo.list()) this.start(camera);
    return this.pipelines.size;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.pipelines.keys()].map((id) => this.stop(id)));
  }

  private start(camera: Camera): void {
    const wired = wireCamera(this.deps.wiring, camera, this.password(camera));
    this.pipelines.set(camera.id, wired);
    wired.pipeline.start();
    const held = this.deps.wiring.recordingHeld?.() ?? null;
    if (held) wired.pipeline.holdRecording(held); // the data folder is away: a camera started now does not record either
  }

  private async stop(id: string): Promise<void> {
    const entry = this.pipelines.get(id);
    if (!entry) return;
    this.pipelines.delete(id);
    await entry.pipeline.stop();
    entry.activity.flush();
  }

  /** The password of a camera, decrypted, for building the URL ffmpeg gets. Never leaves the core. */
  private password(camera: Camera): string | null {
    const sealed = this.deps.repo.getSecret(camera.id);
    return sealed ? this.deps.secrets.decrypt(sealed) : null;
  }

  private view(camera: Camera): CameraView {
    const status = this.status(camera.id) ?? initialStatus(camera, Date.now(), camera.recording.mode !== 'off');
    return { ...camera, status };
  }
}

function checkUrl(raw: string, which: 'main' | 'sub', demo: boolean): { url: string; username: string | null; password: string | null } {
  if (demo) return { url: raw, username: null, password: null };
  // Read as the owner meant it (a raw password may hold `@ : / # ?`, preload/pasted-address.ts), then checked bare.
  const split = parsePastedAddress(raw);
  const checked = validateStreamUrl(split.url);
  if (!checked.ok) throw new ApiError('bad-request', `The ${which} stream address is not usable: ${checked.message}`);
  return { url: split.url, username: split.username, password: split.password };
}
