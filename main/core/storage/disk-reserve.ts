// The reserve: a file of real bytes in the data folder (reserve.bin), released when the disk is full so that the
// database can still record what retention does (tombstones, deletions) and the writes held meanwhile; made again
// once space is back. Its size scales with the disk (retention/disk-thresholds.ts).
import { existsSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import type { Logger } from '../logging/logger.ts';
import { errorMessage } from '../../../preload/format.ts';

export type ReserveState = 'ready' | 'released' | 'making' | 'none';

const CHUNK = 1024 * 1024;

export class DiskReserve {
  private stateNow: ReserveState = 'none';
  private sizeNow = 0;

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {
    try {
      if (existsSync(file)) {
        this.sizeNow = statSync(file).size;
        this.stateNow = this.sizeNow > 0 ? 'ready' : 'none';
      }
    } catch {
      this.stateNow = 'none';
    }
  }

  get state(): ReserveState {
    return this.stateNow;
  }

  get bytes(): number {
    return this.stateNow === 'ready' ? this.sizeNow : 0;
  }

  /** Frees the reserve's space now (synchronously: the write that follows can use it). Returns the bytes freed. */
  release(): number {
    if (this.stateNow !== 'ready') return 0;
    const freed = this.sizeNow;
    try {
      unlinkSync(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn({ err: errorMessage(err) }, 'the reserve file could not be removed');
        return 0;
      }
    }
    this.stateNow = 'released';
    this.sizeNow = 0;
    this.logger.warn({ freedBytes: freed }, 'the disk is full: the reserve is released for the database');
    return freed;
  }

  /** Makes the reserve (`bytes` of real data, written in chunks). A full disk leaves none, and no partial file. */
  async make(bytes: number): Promise<boolean> {
    if (this.stateNow === 'making' || (this.stateNow === 'ready' && this.sizeNow >= bytes) || bytes <= 0) return this.stateNow === 'ready';
    const before = this.stateNow;
    this.stateNow = 'making';
    const chunk = Buffer.alloc(CHUNK);
    const partial = `${this.file}.partial`;
    try {
      const fh = await open(partial, 'w', 0o600);
      try {
        for (let written = 0; written < bytes; written += CHUNK) {
          await fh.write(chunk, 0, Math.min(CHUNK, bytes - written));
        }
        await fh.sync();
      } finally {
        await fh.close();
      }
      renameSync(partial, this.file);
      this.sizeNow = bytes;
      this.stateNow = 'ready';
      this.logger.info({ bytes }, 'the reserve is in place');
      return true;
    } catch (err) {
      await unlink(partial).catch(() => undefined);
      this.stateNow = before;
      this.logger.warn({ err: errorMessage(err) }, 'the reserve could not be made now: it is tried again later');
      return false;
    }
  }
}
