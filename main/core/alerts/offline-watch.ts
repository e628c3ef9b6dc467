// A camera down for longer than the setting (alerts.offlineAfterSeconds) is a camera-offline alert; when it streams
// again, camera-online follows (only when offline was said). A camera the owner disabled is not "offline".
import type { CameraStatus } from '../../../preload/contract.ts';

export interface OfflineWatchOptions {
  afterMs: () => number;
  offline: (cameraId: string, downSinceMs: number, reason: string | null) => void;
  online: (cameraId: string, downSinceMs: number) => void;
  now?: () => number;
}

interface Watched {
  downSince: number | null;
  reason: string | null;
  timer: NodeJS.Timeout | null;
  offlineSent: boolean;
}

export class OfflineWatch {
  private readonly cameras = new Map<string, Watched>();
  private readonly now: () => number;

  constructor(private readonly o: OfflineWatchOptions) {
    this.now = o.now ?? Date.now;
  }

  update(cameraId: string, status: Pick<CameraStatus, 'state' | 'reason'>): void {
    let w = this.cameras.get(cameraId);
    if (!w) this.cameras.set(cameraId, (w = { downSince: null, reason: null, timer: null, offlineSent: false }));
    if (status.state === 'reconnecting' || status.state === 'failed') {
      w.reason = status.reason;
      if (w.downSince !== null) return;
      w.downSince = this.now();
      const watched = w;
      w.timer = setTimeout(() => {
        watched.timer = null;
        if (watched.downSince === null) return;
        watched.offlineSent = true;
        this.o.offline(cameraId, watched.downSince, watched.reason);
      }, this.o.afterMs());
      w.timer.unref();
      return;
    }
    if (status.state === 'streaming') {
      const since = w.downSince;
      const said = w.offlineSent;
      this.clear(w);
      if (said && since !== null) this.o.online(cameraId, since);
      return;
    }
    // disabled (the owner's choice) or starting again: nothing to say, nothing pending.
    if (status.state === 'disabled') this.clear(w);
  }

  remove(cameraId: string): void {
    const w = this.cameras.get(cameraId);
    if (w) this.clear(w);
    this.cameras.delete(cameraId);
  }

  close(): void {
    for (const w of this.cameras.values()) this.clear(w);
    this.cameras.clear();
  }

  private clear(w: Watched): void {
    if (w.timer) clearTimeout(w.timer);
    w.timer = null;
    w.downSince = null;
    w.offlineSent = false;
    w.reason = null;
  }
}
