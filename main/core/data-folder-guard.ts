// What the engine does when the data folder goes away and comes back (issue 17, M2). The watcher
// (data-folder-watch.ts) says when; this stops every write into the data folder: database writes are held in memory
// like a full disk holds them (write-guard.ts), recording pauses with the reason (live view and motion go on),
// snapshots wait, retention stops (it must not judge footage it cannot see); the owner gets one alert. When the folder
// is back: the held writes are written in order, recording and retention resume, and a second alert says so.
import type { Logger } from './logging/logger.ts';
import type { WriteGuard } from './storage/write-guard.ts';
import type { Notifier } from './notify/notifier.ts';
import { DataFolderWatch, type DataFolderStatus } from './data-folder-watch.ts';
import { localText, type EngineMessage, type Said } from '../../preload/i18n/engine-message.ts';

export interface DataFolderGuardParts {
  root: string;
  databasePath: string;
  logger: Logger;
  writes: WriteGuard;
  notifier: Pick<Notifier, 'alert'>;
  /** Every running camera pipeline, asked at each change. */
  pipelines: () => Array<{ holdRecording(reason: Said | string | null): void }>;
  stopRetention: () => void;
  startRetention: () => void;
  pollMs?: number;
}

export class DataFolderGuard {
  readonly watch: DataFolderWatch;
  private lost = false;

  constructor(private readonly p: DataFolderGuardParts) {
    this.watch = new DataFolderWatch({
      root: p.root,
      databasePath: p.databasePath,
      logger: p.logger,
      onChange: (status) => this.onChange(status),
      ...(p.pollMs !== undefined ? { pollMs: p.pollMs } : {}),
    });
  }

  start(): Promise<void> {
    return this.watch.start();
  }

  stop(): void {
    this.watch.stop();
  }

  /** The reason recording is held, for pipelines started while the folder is away; null when it is there. */
  get holdReason(): Said | string | null {
    return this.lost ? heldFor(this.watch.status()) : null;
  }

  private onChange(status: DataFolderStatus): void {
    if (status.state !== 'ok') {
      const first = !this.lost;
      this.lost = true;
      this.p.writes.suspend();
      this.p.stopRetention();
      for (const pipeline of this.p.pipelines()) pipeline.holdRecording(heldFor(status));
      // The watcher's sentence in the owner's language where it is a message, else as the health page has it.
      if (first) {
        this.p.notifier.alert((s) => ({ title: s.m.notify_folder_paused_title, body: localText(status.reasonMessage, status.reason ?? '', s.m) }));
      }
      return;
    }
    if (!this.lost) return;
    this.lost = false;
    const written = this.p.writes.resume();
    this.p.logger.info({ written, stillHeld: this.p.writes.heldCount }, 'the data folder is back: held writes written');
    for (const pipeline of this.p.pipelines()) pipeline.holdRecording(null);
    this.p.startRetention();
    this.p.notifier.alert((s) => ({ title: s.m.notify_folder_back_title, body: s.m.notify_folder_back_body({ folder: this.p.root }) }));
  }
}

/** Why recording is held: the folder's sentence, with its message when it has one. */
function heldFor(status: { reason: string | null; reasonMessage?: EngineMessage | null }): Said | string | null {
  if (status.reason === null) return null;
  return status.reasonMessage ? { text: status.reason, message: status.reasonMessage } : status.reason;
}
