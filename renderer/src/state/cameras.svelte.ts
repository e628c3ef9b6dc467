// The camera list every view shares, kept fresh from one subscription: loaded on each (re)connection (events pushed
// while the socket was down are gone), a camera's state patched in place as it is pushed, reloaded when cameras change,
// and a camera the editor saved put in at once. One instance, `cameras`; App.svelte connects it.
import type { CameraStatus, CameraView } from '../../../preload/contract.ts';
import type { BrowserApi } from '../api/ws-api.ts';
import { errorMessage } from '../lib/format.ts';

export class CamerasState {
  /** Every camera, in the order the NVR lists them. */
  list = $state<CameraView[]>([]);
  /** The first list has arrived (before it, "no cameras" would be a lie). */
  loaded = $state(false);
  /** Why the list could not be loaded, in a sentence; null when it was. */
  problem = $state<string | null>(null);
  private client: BrowserApi | null = null;

  /** Subscribes to the client; call the result to stop. */
  connect(client: BrowserApi): () => void {
    this.client = client;
    const offs = [
      client.onConnection((state) => {
        if (state === 'open') void this.load();
      }),
      client.on('camera.state', ({ cameraId, status }) => this.patchStatus(cameraId, status)),
      client.on('cameras.changed', () => void this.load()),
    ];
    return () => {
      offs.forEach((off) => off());
      if (this.client === client) this.client = null;
    };
  }

  async load(): Promise<void> {
    if (!this.client) return;
    try {
      this.list = await this.client.api['cameras.list']({});
      this.loaded = true;
      this.problem = null;
    } catch (err) {
      this.problem = errorMessage(err);
    }
  }

  get(id: string | null | undefined): CameraView | null {
    return this.list.find((c) => c.id === id) ?? null;
  }

  /** A camera added or edited here: in the list at once, before the pushed change reloads it. */
  upsert(camera: CameraView): void {
    const i = this.list.findIndex((c) => c.id === camera.id);
    if (i >= 0) this.list[i] = camera;
    else this.list = [...this.list, camera];
  }

  private patchStatus(cameraId: string, status: CameraStatus): void {
    const i = this.list.findIndex((c) => c.id === cameraId);
    const camera = this.list[i];
    if (camera) this.list[i] = { ...camera, status };
  }
}

export const cameras = new CamerasState();
