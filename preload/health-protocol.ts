// What the service's unauthenticated monitoring routes answer: GET /health (the process is alive) and GET /ready (the
// engine is started, the database open, ffmpeg found; each camera's state). Anyone who can reach the port may read
// them, so they carry camera ids and states only: no names, addresses, paths, reasons or secrets. /metrics (Prometheus
// text, behind a token) carries the rest. Shared by the service and the tests that read these answers.
import { z } from 'zod';

export const HEALTH_PATH = '/health';
export const READY_PATH = '/ready';
export const METRICS_PATH = '/metrics';

export const cameraStateNameSchema = z.enum(['starting', 'streaming', 'reconnecting', 'failed', 'disabled']);
export const recordingStateSchema = z.enum(['recording', 'off', 'paused']);

export const healthReportSchema = z
  .object({
    status: z.literal('ok'),
    uptimeSeconds: z.number().nonnegative(),
  })
  .strict();
export type HealthReport = z.infer<typeof healthReportSchema>;

export const readyCheckSchema = z.enum(['ok', 'failed']);

export const readyReportSchema = z
  .object({
    /** True when the NVR can watch and record (the HTTP status is 200; else 503). */
    ready: z.boolean(),
    checks: z
      .object({
        engine: readyCheckSchema,
        database: readyCheckSchema,
        ffmpeg: readyCheckSchema,
      })
      .strict(),
    /** One sentence per failing check, for the person reading the monitoring page. */
    problems: z.array(z.string()),
    /**
     * Every camera with its state. A camera that cannot connect does not make the NVR unready (the others still
     * record, and restarting the NVR would not bring that camera back); it shows here and in /metrics.
     */
    cameras: z.array(
      z
        .object({
          id: z.string(),
          state: cameraStateNameSchema,
          recording: recordingStateSchema,
        })
        .strict(),
    ),
  })
  .strict();
export type ReadyReport = z.infer<typeof readyReportSchema>;
