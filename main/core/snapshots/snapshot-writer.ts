// An event's pictures: the full frame as a JPEG and a 320 px wide thumbnail (a crop around the person when there is
// one), under snapshots/YYYY-MM-DD/<cameraId>/ in the data folder. Written atomically (temp file + rename), so a
// reader never sees half a JPEG and a rewrite replaces the event's previous pictures.
import { mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import type { Logger } from '../logging/logger.ts';
import type { Box } from '../../../preload/contract.ts';
import { i420Size, i420ToRgb } from './i420-to-rgb.ts';

export const THUMBNAIL_WIDTH = 320;
const FULL_QUALITY = 80;
const THUMB_QUALITY = 75;

export interface SnapshotInput {
  eventId: string;
  cameraId: string;
  /** Frame time (epoch ms): its local date names the folder. */
  time: number;
  /** I420 pixels. */
  frame: Uint8Array;
  width: number;
  height: number;
  /** A person box in pixels of this frame: the thumbnail is a crop around it. */
  focus?: Box;
}

export interface SnapshotWritten {
  /** Relative to the data folder, '/' separated. */
  snapshotPath: string;
  thumbnailPath: string;
  /** Both files' sizes. */
  bytes: number;
}

export interface Crop {
  left: number;
  top: number;
  width: number;
  height: number;
}

export class SnapshotWriter {
  private readonly dataRoot: string;
  private readonly logger: Logger;
  /** One RGB buffer kept between writes (a snapshot every few seconds per camera, mostly one size). */
  private spare: Uint8Array | null = null;
  /** Snapshots written since start (each is a colour conversion and two JPEG encodes: about a model run's CPU). */
  written = 0;

  constructor(options: { dataRoot: string; logger: Logger }) {
    this.dataRoot = options.dataRoot;
    this.logger = options.logger;
  }

  async write(input: SnapshotInput): Promise<SnapshotWritten> {
    const { eventId, cameraId, width, height } = input;
    checkName(eventId, 'event id');
    checkName(cameraId, 'camera id');
    if (input.frame.length < i420Size(width, height)) {
      throw new Error(`The snapshot frame is too short for ${width}×${height} (${input.frame.length} bytes)`);
    }
    const dir = `snapshots/${localDate(input.time)}/${cameraId}`;
    const snapshotPath = `${dir}/${eventId}.jpg`;
    const thumbnailPath = `${dir}/${eventId}.thumb.jpg`;

    const rgbSize = width * height * 3;
    let rgb = this.spare && this.spare.length === rgbSize ? this.spare : null;
    this.spare = rgb ? null : this.spare;
    rgb = i420ToRgb(input.frame, width, height, rgb ?? new Uint8Array(rgbSize));
    try {
      const raw = { raw: { width, height, channels: 3 as const } };
      const crop = input.focus ? focusCrop(input.focus, width, height) : { left: 0, top: 0, width, height };
      const [full, thumb] = await Promise.all([
        sharp(rgb, raw).jpeg({ quality: FULL_QUALITY }).toBuffer(),
        sharp(rgb, raw).extract(crop).resize({ width: THUMBNAIL_WIDTH }).jpeg({ quality: THUMB_QUALITY }).toBuffer(),
      ]);
      // Never the snapshots folder itself: a data folder that is gone must not come back as an empty tree.
      await stat(this.dataRoot);
      await mkdir(path.join(this.dataRoot, dir), { recursive: true });
      await Promise.all([
        writeAtomic(path.join(this.dataRoot, snapshotPath), full),
        writeAtomic(path.join(this.dataRoot, thumbnailPath), thumb),
      ]);
      const bytes = full.length + thumb.length;
      this.written++;
      this.logger.debug({ cameraId, eventId, bytes, focus: Boolean(input.focus) }, 'snapshot written');
      return { snapshotPath, thumbnailPath, bytes };
    } finally {
      this.spare = rgb; // sharp is done with it: both toBuffer() calls have settled
    }
  }
}

/**
 * The thumbnail's crop around a box: the box with half its size again as margin (and at least a quarter of the frame
 * wide), widened or heightened to the frame's aspect, moved inside the frame. Integer pixels.
 */
export function focusCrop(box: Box, frameWidth: number, frameHeight: number): Crop {
  const aspect = frameWidth / frameHeight;
  // The box itself, clamped to the frame.
  const x0 = clamp(box.x, 0, frameWidth);
  const y0 = clamp(box.y, 0, frameHeight);
  const x1 = clamp(box.x + box.w, 0, frameWidth);
  const y1 = clamp(box.y + box.h, 0, frameHeight);
  const bw = Math.max(1, x1 - x0);
  const bh = Math.max(1, y1 - y0);
  let w = Math.max(bw * 1.5, bh * 1.5 * aspect, frameWidth / 4);
  w = Math.min(w, frameWidth);
  let h = w / aspect;
  if (h > frameHeight) {
    h = frameHeight;
    w = Math.min(frameWidth, h * aspect);
  }
  const width = Math.max(1, Math.round(w));
  const height = Math.max(1, Math.round(h));
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const left = clamp(Math.round(cx - width / 2), 0, frameWidth - width);
  const top = clamp(Math.round(cy - height / 2), 0, frameHeight - height);
  return { left, top, width, height };
}

function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : v > hi ? hi : v;
}

/** YYYY-MM-DD of `ms` in local time. */
function localDate(ms: number): string {
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) throw new Error(`The snapshot has no valid time (${ms})`);
  const m = d.getMonth() + 1;
  const day = d.getDate();
  return `${d.getFullYear()}-${m < 10 ? '0' : ''}${m}-${day < 10 ? '0' : ''}${day}`;
}

/** Ids become file and folder names: nothing that could leave the snapshots folder. */
function checkName(value: string, what: string): void {
  if (value.length === 0 || value.length > 128 || !/^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(value) || value.includes('..')) {
    throw new Error(`A snapshot needs a plain ${what}, got ${JSON.stringify(value.slice(0, 40))}`);
  }
}

async function writeAtomic(file: string, data: Uint8Array): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}
