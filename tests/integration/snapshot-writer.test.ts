// SnapshotWriter against real sharp and real files; the frame is decoded from courtyard.mp4 by the real ffmpeg.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { readdirSync, statSync, existsSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { SnapshotWriter, focusCrop } from '../../main/core/snapshots/snapshot-writer.ts';
import { i420Size, i420ToRgb } from '../../main/core/snapshots/i420-to-rgb.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { sharedMediaPath } from '../fixtures/shared-files.ts';
import { tempDataDir } from '../fixtures/temp-data-dir.ts';

const W = 640;
const H = 480;

/** One frame of courtyard.mp4 at 640×480 in the given pixel format, decoded by ffmpeg. */
function decodeFrame(pixFmt: 'yuv420p' | 'rgb24'): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    execFile(
      '/usr/bin/ffmpeg',
      ['-v', 'error', '-ss', '5', '-i', sharedMediaPath('courtyard.mp4'), '-frames:v', '1', '-vf', `scale=${W}:${H}:flags=bilinear`, '-pix_fmt', pixFmt, '-f', 'rawvideo', '-'],
      { encoding: 'buffer', maxBuffer: 16 * 1024 * 1024, timeout: 20_000 },
      (err, stdout) => (err ? reject(err) : resolve(new Uint8Array(stdout))),
    );
  });
}

/** A grey I420 frame with a red rectangle (even coordinates, so it lines up with the chroma samples). */
function greyWithRedBox(box: { x: number; y: number; w: number; h: number }): Uint8Array {
  const f = new Uint8Array(i420Size(W, H));
  const cw = W / 2;
  const ch = H / 2;
  f.fill(126, 0, W * H);
  f.fill(128, W * H);
  for (let y = box.y; y < box.y + box.h; y++) f.fill(81, y * W + box.x, y * W + box.x + box.w);
  for (let y = box.y / 2; y < (box.y + box.h) / 2; y++) {
    f.fill(90, W * H + y * cw + box.x / 2, W * H + y * cw + (box.x + box.w) / 2);
    f.fill(240, W * H + cw * ch + y * cw + box.x / 2, W * H + cw * ch + y * cw + (box.x + box.w) / 2);
  }
  return f;
}

/** Fraction of pixels that are clearly red in a decoded JPEG. */
async function redShare(file: string): Promise<{ share: number; width: number; height: number }> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  let red = 0;
  for (let i = 0; i < data.length; i += info.channels) {
    if ((data[i] as number) > 200 && (data[i + 1] as number) < 60 && (data[i + 2] as number) < 60) red++;
  }
  return { share: red / (info.width * info.height), width: info.width, height: info.height };
}

describe('SnapshotWriter', () => {
  let dataRoot: string;
  let writer: SnapshotWriter;
  let frame: Uint8Array;
  const time = new Date(2025, 10, 25, 14, 3, 27).getTime();

  beforeAll(async () => {
    dataRoot = tempDataDir('nvr-snapshots-');
    writer = new SnapshotWriter({ dataRoot, logger: silentLogger() });
    frame = await decodeFrame('yuv420p');
  });


  it('converts like ffmpeg does (BT.601 limited range)', async () => {
    const ours = i420ToRgb(frame, W, H);
    const theirs = await decodeFrame('rgb24');
    expect(theirs.length).toBe(ours.length);
    let sum = 0;
    for (let i = 0; i < ours.length; i++) sum += Math.abs((ours[i] as number) - (theirs[i] as number));
    // ffmpeg interpolates chroma and dithers slightly differently: close on average, not byte-identical.
    expect(sum / ours.length).toBeLessThan(4);
  });

  it('writes a full JPEG and a 320 px thumbnail under snapshots/YYYY-MM-DD/<camera>/ (relative paths)', async () => {
    const written = await writer.write({ eventId: 'ev-1', cameraId: 'cam-1', time, frame, width: W, height: H });
    expect(written.snapshotPath).toBe('snapshots/2025-11-25/cam-1/ev-1.jpg');
    expect(written.thumbnailPath).toBe('snapshots/2025-11-25/cam-1/ev-1.thumb.jpg');
    const full = path.join(dataRoot, written.snapshotPath);
    const thumb = path.join(dataRoot, written.thumbnailPath);
    const fullMeta = await sharp(full).metadata();
    const thumbMeta = await sharp(thumb).metadata();
    expect(fullMeta.format).toBe('jpeg');
    expect([fullMeta.width, fullMeta.height]).toEqual([640, 480]);
    expect(thumbMeta.format).toBe('jpeg');
    expect([thumbMeta.width, thumbMeta.height]).toEqual([320, 240]);
    expect(written.bytes).toBe(statSync(full).size + statSync(thumb).size);
    expect(written.bytes).toBeGreaterThan(10_000);
  });

  it('crops the thumbnail around the focus box, at the frame aspect', async () => {
    const box = { x: 400, y: 200, w: 60, h: 120 };
    const red = greyWithRedBox(box);
    const written = await writer.write({ eventId: 'ev-2', cameraId: 'cam-1', time, frame: red, width: W, height: H, focus: box });
    const full = await redShare(path.join(dataRoot, written.snapshotPath));
    const thumb = await redShare(path.join(dataRoot, written.thumbnailPath));
    expect([thumb.width, thumb.height]).toEqual([320, 240]);
    // The box is (60×120)/(640×480) = 2.3 % of the frame, and a much larger share of the crop around it.
    expect(full.share).toBeGreaterThan(0.02);
    expect(full.share).toBeLessThan(0.03);
    expect(thumb.share).toBeGreaterThan(full.share * 4);

    const crop = focusCrop(box, W, H);
    expect(crop.left).toBeLessThanOrEqual(box.x);
    expect(crop.top).toBeLessThanOrEqual(box.y);
    expect(crop.left + crop.width).toBeGreaterThanOrEqual(box.x + box.w);
    expect(crop.top + crop.height).toBeGreaterThanOrEqual(box.y + box.h);
    expect(crop.width / crop.height).toBeCloseTo(W / H, 2);
  });

  it('keeps a crop near the edge inside the frame', () => {
    const crop = focusCrop({ x: 600, y: 440, w: 60, h: 60 }, W, H);
    expect(crop.left + crop.width).toBeLessThanOrEqual(W);
    expect(crop.top + crop.height).toBeLessThanOrEqual(H);
    expect(crop.left + crop.width).toBe(W);
    const huge = focusCrop({ x: -50, y: -50, w: 2000, h: 2000 }, W, H);
    expect(huge).toEqual({ left: 0, top: 0, width: W, height: H });
  });

  it('overwrites the event’s previous snapshot: one file each, no temp files left', async () => {
    const first = await writer.write({ eventId: 'ev-3', cameraId: 'cam-2', time, frame, width: W, height: H });
    const box = { x: 100, y: 100, w: 80, h: 160 };
    const second = await writer.write({ eventId: 'ev-3', cameraId: 'cam-2', time, frame: greyWithRedBox(box), width: W, height: H, focus: box });
    expect(second.snapshotPath).toBe(first.snapshotPath);
    const dir = path.join(dataRoot, 'snapshots', '2025-11-25', 'cam-2');
    expect(readdirSync(dir).sort()).toEqual(['ev-3.jpg', 'ev-3.thumb.jpg']);
    // The second picture is the one on disk.
    expect((await redShare(path.join(dataRoot, second.snapshotPath))).share).toBeGreaterThan(0.03);
  });

  it('names the folder by the local date of the frame time', async () => {
    const justBeforeMidnight = new Date(2025, 11, 31, 23, 59, 59).getTime();
    const written = await writer.write({ eventId: 'ev-4', cameraId: 'cam-1', time: justBeforeMidnight, frame, width: W, height: H });
    expect(written.snapshotPath).toBe('snapshots/2025-12-31/cam-1/ev-4.jpg');
    expect(existsSync(path.join(dataRoot, written.thumbnailPath))).toBe(true);
  });

  it('refuses ids that would leave the snapshots folder, and short frames', async () => {
    await expect(writer.write({ eventId: '../x', cameraId: 'cam-1', time, frame, width: W, height: H })).rejects.toThrow(/plain event id/);
    await expect(writer.write({ eventId: 'ev-5', cameraId: '..', time, frame, width: W, height: H })).rejects.toThrow(/plain camera id/);
    await expect(writer.write({ eventId: 'ev-5', cameraId: 'cam-1', time, frame: frame.subarray(0, 100), width: W, height: H })).rejects.toThrow(
      /too short/,
    );
    expect(existsSync(path.join(dataRoot, 'x.jpg'))).toBe(false);
  });
});
