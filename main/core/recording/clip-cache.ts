// The cache of joined clips under the data folder (cache/clips/<hash>.mp4). A clip's name is a hash of what it holds
// (camera, range and the ids of its segments), so an event that grows gets a new clip and never a stale one. Builds of
// the same clip share one ffmpeg run. Bounded: after each build, and every time it is asked, the least recently used
// clips go once the cache is over its byte budget or a clip has not been used for `maxAgeMs`; all of them (but those
// being built) when retention finds the disk under its free-space floor.
import { createHash } from 'node:crypto';
import { mkdir, readdir, stat, unlink, utimes } from 'node:fs/promises';
import path from 'node:path';

export interface ClipCacheOptions {
  dir: string;
  maxBytes?: number;
  maxAgeMs?: number;
  /** ffmpeg joins running at once (more wait their turn): a page asking for many clips must not starve the cameras. */
  maxBuilds?: number;
  now?: () => number;
}

export class ClipCache {
  readonly dir: string;
  private readonly maxBytes: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  private readonly building = new Map<string, Promise<string>>();
  private readonly maxBuilds: number;
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(o: ClipCacheOptions) {
    this.dir = o.dir;
    this.maxBytes = o.maxBytes ?? 1024 ** 3;
    this.maxAgeMs = o.maxAgeMs ?? 2 * 3_600_000;
    this.now = o.now ?? Date.now;
    this.maxBuilds = o.maxBuilds ?? 2;
  }

  static key(parts: readonly (string | number)[]): string {
    return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
  }

  /** The cached clip for `key`, built with `build(outFile)` when missing. */
  async get(key: string, build: (outFile: string) => Promise<void>): Promise<string> {
    if (!/^[0-9a-f]{32}$/.test(key)) throw new Error('bad clip key');
    const file = path.join(this.dir, `${key}.mp4`);
    try {
      await stat(file);
      const t = new Date(this.now());
      await utimes(file, t, t).catch(() => undefined);
      return file;
    } catch {
      // not cached yet
    }
    let pending = this.building.get(key);
    if (!pending) {
      pending = (async () => {
        await mkdir(this.dir, { recursive: true });
        await this.inTurn(() => build(file));
        await this.prune(file);
        return file;
      })().finally(() => this.building.delete(key));
      this.building.set(key, pending);
    }
    return pending;
  }

  private async inTurn<T>(fn: () => Promise<T>): Promise<T> {
    while (this.active >= this.maxBuilds) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }

  /** Every clip not being built now (the disk is short of space: clips can be joined again from the footage). */
  empty(): Promise<{ files: number; bytes: number }> {
    return this.prune(undefined, 0);
  }

  /** Deletes clips unused for maxAgeMs, then the least recently used until under maxBytes (never `keep`). */
  async prune(keep?: string, maxBytes = this.maxBytes): Promise<{ files: number; bytes: number }> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return { files: 0, bytes: 0 };
    }
    const files: Array<{ file: string; size: number; used: number }> = [];
    for (const name of names) {
      const file = path.join(this.dir, name);
      try {
        const s = await stat(file);
        // Leftovers of an interrupted build (.partial, .ffconcat) older than a minute go too.
        files.push({ file, size: s.size, used: name.endsWith('.mp4') ? s.mtimeMs : s.mtimeMs - this.maxAgeMs + 60_000 });
      } catch {
        // vanished
      }
    }
    files.sort((a, b) => a.used - b.used);
    let total = files.reduce((sum, f) => sum + f.size, 0);
    const removed = { files: 0, bytes: 0 };
    const now = this.now();
    for (const f of files) {
      if (f.file === keep || [...this.building.keys()].some((k) => f.file.includes(k))) continue;
      if (total <= maxBytes && now - f.used < this.maxAgeMs) continue;
      try {
        await unlink(f.file);
        total -= f.size;
        removed.files++;
        removed.bytes += f.size;
      } catch {
        // vanished
      }
    }
    return removed;
  }
}
