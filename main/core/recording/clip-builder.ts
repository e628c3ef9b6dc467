// Joins recorded segments into one MP4 without re-encoding: ffmpeg's concat demuxer with -c copy, inpoint / outpoint
// for the exact range, +faststart so players start at once. Written to a temporary name and renamed when complete, so
// a file under its final name is always whole. Progress comes from ffmpeg's -progress output.
import { execFile, spawn } from 'node:child_process';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { concatList, type ClipPlan } from './clip-plan.ts';

export interface BuildClipOptions {
  ffmpegPath: string;
  ffprobePath: string;
  plan: ClipPlan;
  outFile: string;
  /** Where the concat list is written while ffmpeg runs (default: next to outFile). */
  listFile?: string;
  /** 0..1 of the covered time written so far. */
  onProgress?: (fraction: number) => void;
  signal?: AbortSignal;
}

export interface BuiltClip {
  file: string;
  bytes: number;
  /** ffprobe's duration of the written file, ms. */
  durationMs: number;
}

/** ffprobe's start_time of a file in seconds (0 when it cannot tell). */
export function probeStartSec(ffprobePath: string, file: string, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve) => {
    execFile(ffprobePath, ['-v', 'error', '-show_entries', 'format=start_time', '-of', 'csv=p=0', file], { timeout: timeoutMs, windowsHide: true }, (err, stdout) => {
      const sec = Number(String(stdout ?? '').trim());
      resolve(!err && Number.isFinite(sec) ? sec : 0);
    });
  });
}

export function probeDurationMs(ffprobePath: string, file: string, timeoutMs = 15_000): Promise<number | null> {
  return new Promise((resolve) => {
    execFile(ffprobePath, ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { timeout: timeoutMs, windowsHide: true }, (err, stdout) => {
      const sec = Number(String(stdout ?? '').trim());
      resolve(!err && Number.isFinite(sec) && sec > 0 ? Math.round(sec * 1000) : null);
    });
  });
}

/** The ffmpeg arguments of a join (exported for tests). */
export function concatArgs(listFile: string, outFile: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-v', 'error', '-nostats', '-progress', 'pipe:1',
    // -copyts keeps the timestamps the concat demuxer gives: the packets it must include before the first cut (back
    // to the keyframe) stay before zero, and the MP4's edit list hides them, so the file starts at the cut.
    '-copyts', '-f', 'concat', '-safe', '0', '-i', listFile,
    '-map', '0:v', '-map', '0:a?', '-c', 'copy',
    '-movflags', '+faststart', '-f', 'mp4', '-y', outFile,
  ];
}

export async function buildClip(o: BuildClipOptions): Promise<BuiltClip> {
  const { plan, outFile } = o;
  const partial = `${outFile}.partial`;
  const listFile = o.listFile ?? `${outFile}.ffconcat`;
  // inpoint / outpoint are timestamps of each file: read the start time of the files that are cut.
  const starts = new Map<string, number>();
  await Promise.all(
    plan.entries
      .filter((e) => e.inpointSec !== null || e.outpointSec !== null)
      .map(async (e) => starts.set(e.file, await probeStartSec(o.ffprobePath, e.file))),
  );
  await writeFile(listFile, concatList(plan.entries, (f) => starts.get(f) ?? 0));
  try {
    await runFfmpeg(o.ffmpegPath, concatArgs(listFile, partial), plan.coveredMs, o.onProgress, o.signal);
    await rename(partial, outFile);
  } catch (err) {
    await unlink(partial).catch(() => undefined);
    throw err;
  } finally {
    await unlink(listFile).catch(() => undefined);
  }
  const bytes = (await stat(outFile)).size;
  const durationMs = (await probeDurationMs(o.ffprobePath, outFile)) ?? plan.coveredMs;
  return { file: outFile, bytes, durationMs };
}

function runFfmpeg(ffmpeg: string, args: string[], expectedMs: number, onProgress?: (f: number) => void, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error('cancelled'));
    const child = spawn(ffmpeg, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    let stderr = '';
    let pending = '';
    const onAbort = () => child.kill('SIGKILL');
    signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (onProgress && line.startsWith('out_time_us=') && expectedMs > 0) {
          const us = Number(line.slice('out_time_us='.length));
          if (Number.isFinite(us) && us >= 0) onProgress(Math.min(1, us / 1000 / expectedMs));
        }
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    child.on('error', (err) => {
      signal?.removeEventListener('abort', onAbort);
      reject(err);
    });
    child.on('close', (code) => {
      signal?.removeEventListener('abort', onAbort);
      if (signal?.aborted) return reject(new Error('cancelled'));
      if (code === 0) return resolve();
      const detail = stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300);
      reject(new Error(`ffmpeg could not join the recording (exit ${code}${detail ? `: ${detail}` : ''})`));
    });
  });
}
