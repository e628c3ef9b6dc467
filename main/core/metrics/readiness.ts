// Readiness (GET /ready), decided from cached state only: no disk walk, no ffprobe, no query. Ready means the NVR can
// watch and record: its engine runs (started, not stopping), its database is open and ffmpeg was found. A camera that
// cannot connect is reported with its state but does not make the NVR unready: the other cameras still record, and
// restarting the NVR (what an orchestrator does with an unready service) would not bring that camera back.
import type { ReadyReport } from '../../../preload/health-protocol.ts';
import type { CameraStateName, RecordingStatus } from '../../../preload/contract.ts';

export interface ReadinessInput {
  engineRunning: boolean;
  databaseOpen: boolean;
  ffmpegFound: boolean;
  cameras: ReadonlyArray<{ id: string; state: CameraStateName; recording: RecordingStatus['state'] }>;
}

export function readiness(input: ReadinessInput): ReadyReport {
  const problems: string[] = [];
  if (!input.engineRunning) problems.push('The NVR engine is stopping or not started yet; wait a moment, or start the NVR again.');
  if (!input.databaseOpen) problems.push("The NVR's database is closed; restart the NVR (its log says why it closed).");
  if (!input.ffmpegFound) {
    problems.push('ffmpeg was not found, so no camera can be watched or recorded: install ffmpeg (see the README) and restart the NVR.');
  }
  return {
    ready: problems.length === 0,
    checks: {
      engine: input.engineRunning ? 'ok' : 'failed',
      database: input.databaseOpen ? 'ok' : 'failed',
      ffmpeg: input.ffmpegFound ? 'ok' : 'failed',
    },
    problems,
    cameras: input.cameras.map((c) => ({ id: c.id, state: c.state, recording: c.recording })),
  };
}
