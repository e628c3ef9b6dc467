// System figures for health: CPU of this process since the last call, memory, disk free, data folder size.
// The folder size walk is cached (it is the only costly part) and refreshed at most once a minute.
import os from 'node:os';
import { stat } from 'node:fs/promises';
import { listFiles } from './util/list-files.ts';
import { diskSpace } from './retention/disk-space.ts';

export class SystemHealth {
  private lastCpu = process.cpuUsage();
  private lastAt = process.hrtime.bigint();
  private folderBytes = 0;
  private folderMeasuredAt = 0;
  private walking: Promise<void> | null = null;

  constructor(private readonly dataRoot: string) {}

  /** Percent of one core used by this process since the previous call. */
  cpuPercent(): number {
    const now = process.hrtime.bigint();
    const cpu = process.cpuUsage(this.lastCpu);
    const elapsedUs = Number(now - this.lastAt) / 1000;
    this.lastCpu = process.cpuUsage();
    this.lastAt = now;
    if (elapsedUs <= 0) return 0;
    return Math.round(((cpu.user + cpu.system) / elapsedUs) * 1000) / 10;
  }

  async snapshot() {
    const mem = process.memoryUsage();
    let disk: { free: number; total: number } | null = null;
    try {
      disk = await diskSpace(this.dataRoot);
    } catch {
      disk = null;
    }
    if (Date.now() - this.folderMeasuredAt > 60_000 && !this.walking) {
      this.walking = folderSize(this.dataRoot)
        .then((bytes) => {
          this.folderBytes = bytes;
          this.folderMeasuredAt = Date.now();
        })
        .catch(() => undefined)
        .finally(() => {
          this.walking = null;
        });
      if (this.folderMeasuredAt === 0) await this.walking;
    }
    return {
      cpuPercent: this.cpuPercent(),
      rssBytes: mem.rss,
      heapUsedBytes: mem.heapUsed,
      loadAverage: os.loadavg(),
      diskFreeBytes: disk?.free ?? null,
      diskTotalBytes: disk?.total ?? null,
      dataFolderBytes: this.folderBytes,
    };
  }
}

async function folderSize(dir: string): Promise<number> {
  let total = 0;
  for (const file of await listFiles(dir)) {
    try {
      total += (await stat(file)).size;
    } catch {
      // vanished meanwhile (retention): not counted
    }
  }
  return total;
}
