// The full-disk state of the data folder, in one place: when the write guard meets a full disk, the reserve is
// released (so the database can record retention's work and the held writes) and retention runs at once; a timer then
// writes the held writes as soon as the disk takes them, and makes the reserve again once there is room for it. The
// free space a paused recording waits for comes from here too, so that it agrees with the floor on any disk size.
import path from 'node:path';
import type { Logger } from './logging/logger.ts';
import type { WriteGuard } from './storage/write-guard.ts';
import { DiskReserve } from './storage/disk-reserve.ts';
import type { DiskHealth } from '../../preload/contract.ts';
import { say, type Said } from '../../preload/i18n/engine-message.ts';
import { diskSpace } from './retention/disk-space.ts';
import { reserveBytesFor, reserveRemakeFreeBytes, resumeFreeBytesFor } from './retention/disk-thresholds.ts';
import { errorMessage } from '../../preload/format.ts';

export interface DiskWatchOptions {
  dataRoot: string;
  logger: Logger;
  /** The floor setting (bytes kept free); the thresholds follow it. */
  floorSettingBytes: () => number;
  /** Runs retention now (it is the only code that deletes). */
  runRetention: () => Promise<unknown>;
  /** A fixed resume threshold (tests), instead of the one derived from the disk and the floor. */
  resumeFreeBytes?: number;
  /** How often the disk is looked at (default 2 s while writes are held or the reserve is missing, else 15 s). */
  pollMs?: number;
}

export type DiskStatus = DiskHealth;

export class DiskWatch {
  readonly reserve: DiskReserve;
  private guard: WriteGuard | null = null;
  private total = 0;
  private free = Number.POSITIVE_INFINITY;
  private timer: NodeJS.Timeout | null = null;
  private busy = false;
  private stopped = false;

  constructor(private readonly o: DiskWatchOptions) {
    this.reserve = new DiskReserve(path.join(o.dataRoot, 'reserve.bin'), o.logger);
  }

  /**
   * Before the database opens: a disk with (almost) no room left gets the reserve back at once, so that the database
   * can open and start-up can write what it must. Returns the free bytes seen (null when unknown).
   */
  async beforeOpen(): Promise<number | null> {
    try {
      const s = await diskSpace(this.o.dataRoot);
      this.total = s.total;
      this.free = s.free;
      if (s.free < Math.max(reserveBytesFor(s.total), 1024 * 1024) && this.reserve.state === 'ready') {
        this.o.logger.warn({ freeBytes: s.free }, 'starting on a full disk');
        this.reserve.release();
      }
      return s.free;
    } catch {
      return null;
    }
  }

  /** Starts watching, with the guard whose held writes are drained. */
  start(guard: WriteGuard): void {
    this.guard = guard;
    if (guard.heldCount > 0) this.runRetention(); // start-up met a full disk before retention existed
    this.schedule(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** The guard met a full disk: the reserve goes, retention runs, and the held writes are tried again after it. */
  onFull(): void {
    this.reserve.release();
    if (this.guard) this.runRetention();
    this.schedule(0);
  }

  private runRetention(): void {
    this.o.runRetention().then(
      () => this.schedule(0),
      (err: unknown) => this.o.logger.error({ err: errorMessage(err) }, 'retention failed'),
    );
  }

  /** Free bytes a recording paused by a full disk waits for. */
  resumeFreeBytes(): number {
    if (this.o.resumeFreeBytes !== undefined) return this.o.resumeFreeBytes;
    if (!(this.total > 0)) return 256 * 1024 * 1024;
    return resumeFreeBytesFor(this.total, this.o.floorSettingBytes());
  }

  status(): DiskStatus {
    // Writes held because the data folder is away (data-folder-watch.ts) are not a full disk: its own health says so.
    const held = this.guard && !this.guard.isSuspended ? this.guard.heldCount : 0;
    const nearlyNoRoom = this.total > 0 && this.free < Math.max(reserveBytesFor(this.total), 1024 * 1024);
    const full = held > 0 || nearlyNoRoom;
    let said: Said | null = null;
    if (held > 0) said = say('engine_disk_full_held', { count: held });
    else if (nearlyNoRoom) said = say('engine_disk_nearly_full', { free: `${Math.floor(this.free / 1024)} KiB` });
    else if (this.reserve.state === 'released' && this.free < reserveRemakeFreeBytes(this.total, this.o.floorSettingBytes())) {
      said = say('engine_disk_reserve_in_use');
    }
    return {
      full,
      reason: said?.text ?? null,
      reasonMessage: said?.message ?? null,
      heldWrites: this.guard?.heldCount ?? 0,
      lostWrites: this.guard?.lostCount ?? 0,
      reserve: this.reserve.state,
      reserveBytes: this.reserve.bytes,
      resumeFreeBytes: this.resumeFreeBytes(),
    };
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.poll(), ms);
    this.timer.unref();
  }

  private needsAttention(): boolean {
    return (this.guard?.heldCount ?? 0) > 0 || this.reserve.state !== 'ready';
  }

  private async poll(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      this.guard?.drain();
      const s = await diskSpace(this.o.dataRoot);
      this.total = s.total;
      this.free = s.free;
      const want = reserveBytesFor(s.total);
      if (this.reserve.state !== 'ready' && this.reserve.state !== 'making' && (this.guard?.heldCount ?? 0) === 0) {
        if (s.free >= reserveRemakeFreeBytes(s.total, this.o.floorSettingBytes())) await this.reserve.make(want);
      }
    } catch (err) {
      this.o.logger.warn({ err: errorMessage(err) }, 'checking the disk failed');
    } finally {
      this.busy = false;
      this.schedule(this.o.pollMs ?? (this.needsAttention() ? 2000 : 15_000));
    }
  }
}
