// The NVR's health, fetched in one place for every view: on each (re)connection, then every 30 s (the shell's notices),
// every 5 s while a view watches it closely (the Health view). One instance, `health`; App.svelte connects it.
import type { Health } from '../../../preload/contract.ts';
import type { BrowserApi } from '../api/ws-api.ts';
import { errorMessage } from '../lib/format.ts';
import { systemNotices } from '../lib/system-notices.ts';
// The engine's sentences in the banners follow the page's language (engine-text.ts hands the catalog on).
import '../lib/engine-text.ts';

const IDLE_MS = 30_000;

export class HealthState {
  current = $state<Health | null>(null);
  /** Why the last fetch failed, in a sentence; null after one that worked. */
  problem = $state<string | null>(null);
  readonly notices = $derived(this.current ? systemNotices(this.current.system) : []);
  private client: BrowserApi | null = null;
  private open = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The refresh intervals views asked for; the shortest applies. */
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- bookkeeping, not shown: no reactivity wanted
  private readonly watchers = new Set<{ everyMs: number }>();
  private inFlight: Promise<void> | null = null;

  /** Subscribes to the client; call the result to stop. */
  connect(client: BrowserApi): () => void {
    this.client = client;
    const off = client.onConnection((state) => {
      this.open = state === 'open';
      if (this.open) void this.refresh();
    });
    return () => {
      off();
      this.clearTimer();
      if (this.client === client) this.client = null;
    };
  }

  /** A view wants fresh figures every `everyMs` while it is shown; call the result when it goes. */
  watch(everyMs: number): () => void {
    const w = { everyMs };
    this.watchers.add(w);
    void this.refresh();
    return () => {
      this.watchers.delete(w);
      this.schedule();
    };
  }

  /** Fetches now (joins a fetch under way), then waits for the next interval. */
  refresh(): Promise<void> {
    this.inFlight ??= this.fetch().finally(() => {
      this.inFlight = null;
      this.schedule();
    });
    return this.inFlight;
  }

  private async fetch(): Promise<void> {
    if (!this.client || !this.open) return;
    try {
      this.current = await this.client.api['health.get']({});
      this.problem = null;
    } catch (err) {
      this.problem = errorMessage(err);
    }
  }

  private schedule(): void {
    this.clearTimer();
    if (!this.client) return;
    const every = Math.min(IDLE_MS, ...[...this.watchers].map((w) => w.everyMs));
    this.timer = setTimeout(() => void this.refresh(), every);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}

export const health = new HealthState();
