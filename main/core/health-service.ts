// Health, assembled in one place from the parts' own counters: the contract's `health.get` (cameras, disk, detection,
// notifications, retention, database) and the monitoring routes' readers (metrics/engine-monitoring.ts). Reads state
// the parts keep anyway; `report()` adds the system's load and disk (system-health.ts).
import type { AlertChannelHealth, DatabaseStatus, EngineMessage, Health } from '../../preload/contract.ts';

type DataFolderStatus = NonNullable<Health['system']['dataFolder']>;
import type { CameraLifecycle } from './camera-lifecycle.ts';
import type { PersonDetector } from './detection/person-detector.ts';
import type { Notifier } from './notify/notifier.ts';
import type { RetentionJob } from './retention/retention-job.ts';
import type { SettingsRepository } from './storage/settings-repository.ts';
import type { DiskWatch } from './disk-watch.ts';
import type { MediaTools } from './media-tools.ts';
import { SystemHealth } from './system-health.ts';

export interface DetectionState {
  enabled: boolean;
  reason: string | null;
  /** The reason as a message of the engine area. */
  reasonMessage?: EngineMessage | null;
}

export interface HealthSources {
  dataRoot: string;
  startedAt: number;
  cameras: CameraLifecycle;
  detection: DetectionState;
  detector: Pick<PersonDetector, 'counters'> | null;
  notifier: Pick<Notifier, 'status' | 'channelCounters'>;
  retention: Pick<RetentionJob, 'summary'>;
  settings: Pick<SettingsRepository, 'get'>;
  disk: Pick<DiskWatch, 'status'>;
  tools: MediaTools;
  database: () => DatabaseStatus;
  databaseOpen: () => boolean;
  running: () => boolean;
  /** The data folder as the watch last found it (data-folder-guard.ts); null before the watch starts. */
  dataFolder?: () => DataFolderStatus | null;
  /** The alert channels: state and counters per channel, and their sent / failed for /metrics. */
  alerts?: { health(): AlertChannelHealth[]; counters(): Array<{ channel: string; sent: number; failed: number }> };
}

export class HealthService {
  private readonly system: SystemHealth;

  constructor(readonly sources: HealthSources) {
    this.system = new SystemHealth(sources.dataRoot);
  }

  /** Whether person detection runs, and why not when it does not. */
  get detection(): DetectionState {
    return this.sources.detection;
  }

  /** Whether the database is the folder's own, and what is kept from a replaced one. */
  databaseStatus(): DatabaseStatus {
    return this.sources.database();
  }

  get running(): boolean {
    return this.sources.running();
  }

  uptimeMs(): number {
    return Date.now() - this.sources.startedAt;
  }

  /** The contract's `health.get`. */
  async report(): Promise<Health> {
    const s = this.sources;
    const sys = await this.system.snapshot();
    const detector = s.detector?.counters();
    return {
      cameras: s.cameras.list().map((c) => ({ cameraId: c.id, name: c.name, ...c.status })),
      system: {
        ...sys,
        dataDir: s.dataRoot,
        notifications: s.notifier.status(),
        detection: {
          enabled: s.detection.enabled,
          reason: s.detection.reason,
          reasonMessage: s.detection.reasonMessage ?? null,
          inferences: detector?.inferences ?? 0,
          skippedFrames: detector?.skippedFrames ?? 0,
          queueDepth: detector?.queueDepth ?? 0,
          inferenceMsMedian: detector?.inferenceMsMedian ?? null,
          accelerator: detector?.accelerator ?? null,
        },
        retention: s.retention.summary(),
        uptimeMs: this.uptimeMs(),
        database: this.databaseStatus(),
        disk: s.disk.status(),
        ...(s.dataFolder?.() ? { dataFolder: s.dataFolder()! } : {}),
        ...(s.alerts ? { alerts: s.alerts.health() } : {}),
      },
    };
  }
}
