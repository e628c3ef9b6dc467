// Camera states for the channels that keep them (MQTT: Home Assistant's online / motion / person sensors): best effort,
// never queued (the next state replaces the last), published when a camera goes up or down and when an event opens or
// closes. A channel that throws is logged and skipped.
import type { Logger } from '../logging/logger.ts';
import type { AlertChannel } from './alert-channel.ts';
import type { CameraStatus, EventView } from '../../../preload/contract.ts';
import { errorMessage } from '../../../preload/format.ts';

interface CameraState {
  online: boolean;
  motion: boolean;
  person: boolean;
}

export class CameraStatePublisher {
  private readonly states = new Map<string, CameraState>();

  constructor(
    private readonly channels: () => Iterable<AlertChannel>,
    private readonly cameraName: (cameraId: string) => string | null,
    private readonly logger: Logger,
  ) {}

  /** From camera.state: published when online changes (streaming or not). */
  camera(cameraId: string, status: Pick<CameraStatus, 'state'>): void {
    const online = status.state === 'streaming';
    const s = this.state(cameraId);
    if (s.online === online) return;
    s.online = online;
    this.publish(cameraId, s);
  }

  /** From event.opened / event.updated / event.closed. */
  event(e: EventView): void {
    const s = this.state(e.cameraId);
    const motion = e.endMs === null;
    const person = motion && e.kind !== 'motion';
    if (s.motion === motion && s.person === person) return;
    s.motion = motion;
    s.person = person;
    this.publish(e.cameraId, s);
  }

  private state(cameraId: string): CameraState {
    let s = this.states.get(cameraId);
    if (!s) this.states.set(cameraId, (s = { online: false, motion: false, person: false }));
    return s;
  }

  private publish(cameraId: string, s: CameraState): void {
    const cameraName = this.cameraName(cameraId);
    if (cameraName === null) return;
    for (const channel of this.channels()) {
      if (!channel.publishState) continue;
      try {
        channel.publishState({ cameraId, cameraName, ...s });
      } catch (err) {
        this.logger.warn({ cameraId, channelId: channel.id, err: errorMessage(err) }, 'camera state not published');
      }
    }
  }
}
