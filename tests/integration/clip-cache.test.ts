// The clip cache on a real folder: one build per clip even when asked twice at once, least recently used clips go
// over the byte budget, old clips and leftovers of interrupted builds go by age, keys never name a path.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ClipCache } from '../../main/core/recording/clip-cache.ts';

let dir: string;
let now = 1_800_000_000_000;
beforeEach(() => {
  dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'nvr-clipcache-')), 'clips');
  now = 1_800_000_000_000;
});
afterEach(() => rmSync(path.dirname(dir), { recursive: true, force: true }));

const cache = (maxBytes = 1000, maxAgeMs = 3_600_000) => new ClipCache({ dir, maxBytes, maxAgeMs, now: () => now });
const age = (file: string, ms: number) => utimesSync(file, new Date(now - ms), new Date(now - ms));

describe('the clip cache', () => {
  it('builds a clip once, even when two viewers ask at the same moment', async () => {
    const c = cache();
    let builds = 0;
    const build = async (out: string) => {
      builds++;
      await new Promise((r) => setTimeout(r, 50));
      await writeFile(out, Buffer.alloc(100));
    };
    const key = ClipCache.key(['cam', 1, 2, '1,2,3']);
    const [a, b] = await Promise.all([c.get(key, build), c.get(key, build)]);
    expect(a).toBe(b);
    expect(await c.get(key, build)).toBe(a);
    expect(builds).toBe(1);
    expect(path.dirname(a)).toBe(dir);
    await expect(c.get('../../etc/passwd', build)).rejects.toThrow(/bad clip key/);
  });

  it('runs at most two builds at once; the others wait their turn', async () => {
    const c = cache(10_000);
    let running = 0;
    let most = 0;
    const build = async (out: string) => {
      most = Math.max(most, ++running);
      await new Promise((r) => setTimeout(r, 40));
      await writeFile(out, Buffer.alloc(10));
      running--;
    };
    const files = await Promise.all([0, 1, 2, 3, 4].map((i) => c.get(ClipCache.key(['k', i]), build)));
    expect(new Set(files).size).toBe(5);
    expect(most).toBe(2);
  });

  it('keeps under its byte budget, least recently used first; drops old clips and stale leftovers', async () => {
    const c = cache(250);
    const files: string[] = [];
    for (let i = 0; i < 3; i++) {
      files.push(await c.get(ClipCache.key([i]), async (out) => writeFile(out, Buffer.alloc(100))));
      age(files[i]!, (3 - i) * 1000); // 0 is the least recently used
    }
    await c.prune();
    expect(files.map(existsSync)).toEqual([false, true, true]);
    // By age: a clip unused for longer than maxAgeMs goes even under budget; a leftover .partial goes after a minute.
    const leftover = path.join(dir, 'abc.mp4.partial');
    writeFileSync(leftover, 'x');
    age(leftover, 2 * 60_000);
    age(files[1]!, 2 * 3_600_000);
    await c.prune();
    expect([existsSync(files[1]!), existsSync(files[2]!), existsSync(leftover)]).toEqual([false, true, false]);
    expect(readdirSync(dir)).toEqual([path.basename(files[2]!)]);
  });

  it('empties itself on demand (the disk is short of space), except a clip being built', async () => {
    const c = cache(1_000_000);
    const done = await c.get(ClipCache.key(['done']), async (out) => writeFile(out, Buffer.alloc(100)));
    let finish: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      finish = resolve;
    });
    const busyKey = ClipCache.key(['busy']);
    const busy = c.get(busyKey, async (out) => {
      await writeFile(out, Buffer.alloc(100));
      await gate;
    });
    await new Promise((r) => setTimeout(r, 30));
    expect(await c.empty()).toEqual({ files: 1, bytes: 100 });
    expect(existsSync(done)).toBe(false);
    expect(readdirSync(dir)).toEqual([`${busyKey}.mp4`]);
    finish();
    expect(existsSync(await busy)).toBe(true);
  });
});
