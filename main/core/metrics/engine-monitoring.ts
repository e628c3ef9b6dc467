// The engine as the monitoring routes see it: /health, /ready (readiness.ts) and /metrics (nvr-metrics.ts), built from
// narrow readers of the engine's existing state and counters (the health service's sources, health-service.ts).
// Everything here reads cached values at request time.
import type { HealthService } from '../health-service.ts';
import type { HealthReport, ReadyReport } from '../../../preload/health-protocol.ts';
import { diskSpace } from '../retention/disk-space.ts';
import { createNvrMetrics, type CameraReading, type MetricsReaders, type NvrMetrics } from './nvr-metrics.ts';
import { readiness } from './readiness.ts';

/** What the service's monitoring routes need (main/service/health-routes.ts). */
export interface Monitoring {
  health(): HealthReport;
  ready(): ReadyReport;
  metrics: NvrMetrics;
  /** The read-only token that opens /metrics besides the session token; '' when none is set. */
  metricsToken(): string;
}

export function engineMetricsReaders(health: HealthService): MetricsReaders {
  const engine = health.sources;
  return {
    cameras: () =>
      engine.cameras.pipelinesNow().map((p): CameraReading => {
        const s = p.currentStatus();
        return { id: p.cameraId, name: p.cameraName, state: s.state, recording: s.recording.state, fps: s.fps, frames: s.frames, droppedFrames: s.droppedFrames, reconnects: s.reconnects, ...p.counters() };
      }),
    disk: () => diskSpace(engine.dataRoot),
    retention: () => {
      const r = engine.retention.summary();
      const seg = r.segments;
      return {
        deletedEvents: r.deletedEvents,
        deletedEventBytes: r.deletedBytes,
        deletedSegments: { age: seg?.byAge ?? 0, quota: seg?.byQuota ?? 0, space: seg?.bySpace ?? 0 },
        deletedSegmentBytes: seg?.deletedBytes ?? 0,
        floorBytes: seg?.floorBytes || engine.settings.get().storage.freeSpaceFloorBytes,
        lastRunAt: r.lastRunAt,
      };
    },
    detection: () => {
      const d = engine.detector?.counters();
      return {
        enabled: engine.detection.enabled,
        inferences: d?.inferences ?? 0,
        skippedFrames: d?.skippedFrames ?? 0,
        queueDepth: d?.queueDepth ?? 0,
        inferenceMsMedian: d?.inferenceMsMedian ?? null,
      };
    },
    notifications: () => ({
      channels: [...engine.notifier.channelCounters(), ...(engine.alerts?.counters() ?? [])],
      suppressed: engine.notifier.status().suppressed,
    }),
    uptimeSeconds: () => (Date.now() - engine.startedAt) / 1000,
  };
}

export function createEngineMonitoring(health: HealthService): Monitoring {
  const engine = health.sources;
  const metrics = createNvrMetrics(engineMetricsReaders(health));
  return {
    health: () => ({ status: 'ok', uptimeSeconds: Math.round((Date.now() - engine.startedAt) / 1000) }),
    ready: () =>
      readiness({
        engineRunning: engine.running(),
        databaseOpen: engine.databaseOpen(),
        ffmpegFound: engine.tools.ffmpegPath !== null,
        cameras: engine.cameras.pipelinesNow().map((p) => {
          const s = p.currentStatus();
          return { id: p.cameraId, state: s.state, recording: s.recording.state };
        }),
      }),
    metrics,
    metricsToken: () => engine.settings.get().service.metricsToken,
  };
}
