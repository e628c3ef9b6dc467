// What a camera's capture is given and what it gives: its options, its frames, its state and counters.
import type { EngineMessage } from '../../../preload/i18n/engine-message.ts';
import type { Logger } from '../logging/logger.ts';
import type { CameraStateName, RecordingStatus } from '../../../preload/contract.ts';
import type { SegmentWriter } from '../recording/segment-writer.ts';

export interface CapturedFrame {
  /** I420 pixels, from the capture's pool: give it back with releaseFrame() once done. */
  buffer: ArrayBuffer;
  width: number;
  height: number;
  /** Epoch ms when the frame arrived. */
  time: number;
  seq: number;
  /** performance.now() when the frame arrived (latency measurements). */
  arrivedAt: number;
}

export interface CaptureState {
  state: CameraStateName;
  reason: string | null;
  /** The reason as a message of the engine area, for the UI's language; null when the reason has none. */
  reasonMessage: EngineMessage | null;
  since: number;
}

export interface CaptureOptions {
  cameraId: string;
  cameraName: string;
  /** With credentials: never logged. */
  url: string;
  demo: boolean;
  secrets: string[];
  ffmpegPath: string;
  fps: number;
  maxWidth: number;
  logger: Logger;
  onFrame: (frame: CapturedFrame) => void;
  onState: (state: CaptureState) => void;
  watchdogMs?: number;
  /** Frames in flight per camera (reader, motion, pending, detection). */
  poolCapacity?: number;
  /** The main stream (with credentials) when the camera also has a sub stream: recorded, and the "main" live view. */
  recordUrl?: string | null;
  /** Write the live view into hubs (default false: analysis only). */
  live?: boolean;
  /** Recording on: the camera's segment writer. Null or absent: recording off. */
  recording?: SegmentWriter | null;
  segmentSeconds?: number;
  /** The recording hit a full disk and is paused (the engine frees space at once). */
  onDiskFull?: () => void;
  onRecording?: (status: RecordingStatus) => void;
  /** Free bytes needed on the recordings' disk before a paused recording resumes (default 256 MiB); asked at each check. */
  resumeFreeBytes?: number | (() => number);
  /** How often free space is checked while recording is paused (default 10 s). */
  resumePollMs?: number;
}

export interface CaptureCounters {
  fps: number;
  frames: number;
  dropped: number;
  reconnects: number;
  lastError: string | null;
  uptimeMs: number;
}
