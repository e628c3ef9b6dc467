// Segment files on disk: making a segment cut short (a crash, a full disk) playable, measuring its duration, and
// moving a closed segment from the camera's incoming/ folder to its dated place:
//   recordings/<cameraId>/incoming/<run>-<n>.mp4  →  recordings/<cameraId>/<YYYY-MM-DD>/<HHMMSS>.mp4 (local time)
// Segments are fragmented MP4 (moov first, then moof + mdat per keyframe), so a file cut anywhere is playable up to its
// last complete fragment: the cut-off tail is truncated away.
import { execFile } from 'node:child_process';
import { open, mkdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { dayFolderName } from '../config/data-dir.ts';
import { BOX } from '../../../preload/protocols/mp4-boxes.ts';

export const INCOMING = 'incoming';

/** The folder of a camera's recordings, and its incoming folder. */
export function cameraRecordingsDir(recordingsRoot: string, cameraId: string): string {
  return path.join(recordingsRoot, cameraId);
}

export function incomingDir(recordingsRoot: string, cameraId: string): string {
  return path.join(recordingsRoot, cameraId, INCOMING);
}

/** HHMMSS in local time. */
export function timeFileName(epochMs: number): string {
  const d = new Date(epochMs);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join('');
}

/**
 * Cuts a fragmented MP4 after its last complete fragment. Returns the bytes kept, or 0 when nothing playable is in it
 * (no moov, or no complete moof + mdat). Reads only the box headers.
 */
export async function truncateToLastFragment(file: string): Promise<number> {
  const fh = await open(file, 'r+');
  try {
    const size = (await fh.stat()).size;
    const head = Buffer.alloc(16);
    let pos = 0;
    let sawMoov = false;
    let lastGood = 0;
    let pendingMoof = false;
    while (pos + 8 <= size) {
      const { bytesRead } = await fh.read(head, 0, 16, pos);
      if (bytesRead < 8) break;
      let boxSize = head.readUInt32BE(0);
      const type = head.readUInt32BE(4);
      if (boxSize === 1) {
        if (bytesRead < 16) break;
        boxSize = Number(head.readBigUInt64BE(8));
      } else if (boxSize === 0) {
        boxSize = size - pos;
      }
      if (boxSize < 8 || pos + boxSize > size) break; // cut inside this box
      pos += boxSize;
      if (type === BOX.moov) sawMoov = true;
      else if (type === BOX.moof) pendingMoof = true;
      else if (type === BOX.mdat && pendingMoof) {
        pendingMoof = false;
        if (sawMoov) lastGood = pos;
      } else if (!pendingMoof && sawMoov && lastGood > 0) lastGood = pos; // mfra and the like after a fragment
    }
    if (lastGood === 0) return 0;
    if (lastGood < size) await fh.truncate(lastGood);
    return lastGood;
  } finally {
    await fh.close();
  }
}

/** The duration of a media file in ms by ffprobe, or null when ffprobe cannot read one. */
export function probeDurationMs(ffprobePath: string, file: string, timeoutMs = 15_000): Promise<number | null> {
  return new Promise((resolve) => {
    execFile(
      ffprobePath,
      ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file],
      { timeout: timeoutMs, windowsHide: true },
      (err, stdout) => {
        if (err) return resolve(null);
        const sec = Number(String(stdout).trim());
        resolve(Number.isFinite(sec) && sec > 0 ? Math.round(sec * 1000) : null);
      },
    );
  });
}

/**
 * Moves a closed segment to its dated folder, under a name free in that folder (HHMMSS, then HHMMSS-2, …).
 * Returns the new absolute path.
 */
export async function moveToDated(file: string, recordingsRoot: string, cameraId: string, startMs: number): Promise<string> {
  const dir = path.join(recordingsRoot, cameraId, dayFolderName(startMs));
  // The segment first: when the data folder is gone (moved with it), no empty tree is made in its place.
  await stat(file);
  await mkdir(dir, { recursive: true });
  const base = timeFileName(startMs);
  for (let n = 1; n < 1000; n++) {
    const target = path.join(dir, n === 1 ? `${base}.mp4` : `${base}-${n}.mp4`);
    try {
      await stat(target);
      continue; // taken
    } catch {
      // free
    }
    try {
      await rename(file, target);
    } catch (err) {
      // Retention may remove an empty day folder between the mkdir and the rename: make it again, once.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || !(await exists(file))) throw err;
      await mkdir(dir, { recursive: true });
      await rename(file, target);
    }
    return target;
  }
  throw new Error(`no free segment name in ${dir}`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export async function removeQuietly(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch {
    // already gone
  }
}
