// The durable outbox's delivery loop: rows written before any send (alert-outbox-repository.ts), tried one at a time
// per channel in their order, retried and given up as delivery-plan.ts decides. One timer for all channels, set to the
// earliest due alert (none when nothing is due: no busy loop); sends are async and never awaited by the cameras, so a
// slow or dead channel never holds a frame. Nothing is sent while the database cannot take writes (full disk, data
// folder away): an alert sent is always marked delivered after, so a restart never sends it again.
import type { Logger } from '../logging/logger.ts';
import type { AlertOutboxRepository, OutboxRow } from '../storage/alert-outbox-repository.ts';
import type { AlertChannel, DeliveryResult, OutgoingAlert } from './alert-channel.ts';
import { afterAttempt, DEFAULT_PLAN, dueAt, expiredReason, nextWakeMs, pruneSends, rateLimitWait, type AttemptOutcome, type DeliveryPlanConfig } from './delivery-plan.ts';
import { errorMessage } from '../../../preload/format.ts';

export interface OutboxChannel {
  channel: AlertChannel;
  maxPerMinute: number;
}

export interface AlertOutboxOptions {
  repo: AlertOutboxRepository;
  /** The live channel for an id; null when it is disabled or unknown (its alerts wait). */
  channel: (id: string) => OutboxChannel | null;
  /** The event's snapshot bytes, read when its alert is sent. */
  snapshot: (eventId: string) => Promise<Buffer | null>;
  /** False while the database cannot take writes: nothing is sent then (it could not be marked delivered). */
  writable: () => boolean;
  logger: Logger;
  now?: () => number;
  random?: () => number;
  /** One try that has not answered after this long is aborted and retried (default 20 s). */
  timeoutMs?: number;
  plan?: DeliveryPlanConfig;
  /** How often to look again while writes are held (default 5 s). */
  heldPollMs?: number;
  /** After each try is settled (counters, logs). */
  onSettled?: (channelId: string, outcome: AttemptOutcome['state']) => void;
}

interface ChannelState {
  busy: boolean;
  /** "stopped: <reason>" until its settings change or a test succeeds. */
  stopped: string | null;
  retrying: boolean;
  lastError: string | null;
  /** Send times within the last minute, oldest first (the rate limit). */
  sentAt: number[];
  /** A delivery the database could not mark yet (disk full): marked before anything else is sent. */
  pendingMark: { id: string; at: number } | null;
}

/** How long to look again while the database cannot take writes. */
const WRITES_HELD_POLL_MS = 5_000;

export class AlertOutbox {
  private readonly states = new Map<string, ChannelState>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly aborts = new Set<AbortController>();
  private readonly now: () => number;
  private readonly plan: DeliveryPlanConfig;
  private readonly heldPollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private closed = false;

  constructor(private readonly o: AlertOutboxOptions) {
    this.now = o.now ?? Date.now;
    this.plan = o.plan ?? DEFAULT_PLAN;
    this.heldPollMs = o.heldPollMs ?? WRITES_HELD_POLL_MS;
  }

  /** Starts delivering what is queued (a restart resumes here): reads the rate limit's recent sends back. */
  start(): void {
    this.schedule(0);
  }

  /** Something was queued or a channel changed: look now. */
  kick(): void {
    this.schedule(0);
  }

  /** The channel's settings changed or a test went through: it is no longer stopped. */
  clearStop(channelId: string): void {
    const st = this.state(channelId);
    st.stopped = null;
    this.schedule(0);
  }

  /** Forgets a removed channel's state. */
  forget(channelId: string): void {
    this.states.delete(channelId);
  }

  status(channelId: string): { stopped: string | null; retrying: boolean; lastError: string | null } {
    const st = this.states.get(channelId);
    return { stopped: st?.stopped ?? null, retrying: st?.retrying ?? false, lastError: st?.lastError ?? null };
  }

  /** Resolves when no try is in flight (tests). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops the timer, aborts the tries in flight (they stay queued) and waits for them. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const ac of this.aborts) ac.abort();
    await this.idle();
  }

  private state(channelId: string): ChannelState {
    let st = this.states.get(channelId);
    if (!st) {
      const since = this.now() - 60_000;
      let sentAt: number[] = [];
      try {
        sentAt = this.o.repo.deliveredSince(channelId, since);
      } catch {
        sentAt = [];
      }
      this.states.set(channelId, (st = { busy: false, stopped: null, retrying: false, lastError: null, sentAt, pendingMark: null }));
    }
    return st;
  }

  private schedule(delayMs: number): void {
    if (this.closed) return;
    const at = this.now() + delayMs;
    if (this.timer && at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.tick(), Math.max(0, delayMs));
    this.timer.unref();
  }

  private tick(): void {
    this.timer = null;
    this.timerAt = Infinity;
    if (this.closed) return;
    const now = this.now();
    let heads: OutboxRow[];
    try {
      heads = this.o.repo.heads();
    } catch (err) {
      this.o.logger.warn({ err: errorMessage(err) }, 'the alert outbox could not be read');
      this.schedule(this.heldPollMs);
      return;
    }
    const writable = this.o.writable();
    const dues: Array<number | null> = [];
    for (const head of heads) dues.push(this.consider(head, now, writable));
    // While writes are held, alerts queued meanwhile reach the table only when they are written: look again then.
    if (!writable) dues.push(now + this.heldPollMs);
    const wake = nextWakeMs(dues, now);
    if (wake !== null) this.schedule(wake);
  }

  /** Starts the head's try when it is due; otherwise says when to look again (null = when a try ends). */
  private consider(head: OutboxRow, now: number, writable: boolean): number | null {
    const st = this.state(head.channelId);
    if (st.busy) return null;
    if (!writable) return now + this.heldPollMs;
    if (st.pendingMark && !this.markPending(st)) return now + this.heldPollMs;
    const expired = expiredReason(head, now, this.plan);
    if (expired) {
      this.settle(head, { state: 'failed', attempts: head.attempts, reason: expired, stopChannel: false }, st, now);
      return now;
    }
    const live = this.o.channel(head.channelId);
    const deadline = head.createdAt + this.plan.giveUpAfterMs;
    // A stopped or disabled channel's alerts wait (until it is fixed, or their 24 h are over).
    if (!live || st.stopped !== null) return deadline;
    pruneSends(st.sentAt, live.maxPerMinute, now);
    const due = dueAt(head, { blocked: false, rateWaitMs: rateLimitWait(st.sentAt, live.maxPerMinute, now) }, now);
    if (due === null || due > now) return due;
    this.deliver(head, live, st);
    return null;
  }

  private deliver(head: OutboxRow, live: OutboxChannel, st: ChannelState): void {
    st.busy = true;
    const p = this.attempt(head, live)
      .then((result) => {
        const now = this.now();
        this.settle(head, afterAttempt(head, result, now, this.plan, this.o.random), st, now);
      })
      .catch((err: unknown) => this.o.logger.error({ channelId: head.channelId, alertId: head.id, err: errorMessage(err) }, 'an alert try failed'))
      .finally(() => {
        st.busy = false;
        this.inFlight.delete(p);
        this.schedule(0);
      });
    this.inFlight.add(p);
  }

  /** One try, bounded by the timeout; resolves always. */
  private async attempt(head: OutboxRow, live: OutboxChannel): Promise<DeliveryResult> {
    const timeoutMs = this.o.timeoutMs ?? 20_000;
    const ac = new AbortController();
    this.aborts.add(ac);
    const timer = setTimeout(() => ac.abort(), timeoutMs);
    try {
      const alert = await this.outgoing(head);
      const result = await live.channel.deliver(alert, ac.signal);
      if (ac.signal.aborted && result.outcome !== 'delivered') {
        return { outcome: 'retry', reason: this.closed ? 'the app stopped before it was sent' : `the channel did not answer within ${Math.round(timeoutMs / 1000)} s` };
      }
      return result;
    } catch (err) {
      return { outcome: 'retry', reason: errorMessage(err) };
    } finally {
      clearTimeout(timer);
      this.aborts.delete(ac);
    }
  }

  private async outgoing(head: OutboxRow): Promise<OutgoingAlert> {
    const payload = JSON.parse(head.payloadJson) as Omit<OutgoingAlert, 'alertId' | 'snapshot'>;
    let snapshot: Buffer | null = null;
    if (head.eventId) {
      try {
        snapshot = await this.o.snapshot(head.eventId);
      } catch {
        snapshot = null; // an alert without its picture is better than none
      }
    }
    return { ...payload, alertId: head.id, snapshot };
  }

  private settle(head: OutboxRow, outcome: AttemptOutcome, st: ChannelState, now: number): void {
    const log = { channelId: head.channelId, alertId: head.id, cameraId: head.cameraId, eventId: head.eventId, kind: head.kind };
    try {
      if (outcome.state === 'delivered') {
        st.sentAt.push(now);
        st.retrying = false;
        st.lastError = null;
        st.pendingMark = { id: head.id, at: now };
        this.markPending(st);
        this.o.logger.info({ ...log, attempts: head.attempts + 1 }, 'alert delivered');
      } else if (outcome.state === 'queued') {
        st.retrying = true;
        st.lastError = outcome.lastError;
        this.o.repo.markRetry(head.id, outcome.attempts, outcome.nextAttemptAt, outcome.lastError);
        this.o.logger.warn({ ...log, attempts: outcome.attempts, retryInMs: outcome.nextAttemptAt - now, reason: outcome.lastError }, 'alert not delivered yet: retrying');
      } else {
        st.retrying = false;
        st.lastError = outcome.reason;
        if (outcome.stopChannel) st.stopped = outcome.reason;
        this.o.repo.markFailed(head.id, outcome.attempts, outcome.reason, now);
        this.o.logger.error({ ...log, reason: outcome.reason, channelStopped: outcome.stopChannel }, 'alert given up');
      }
    } catch (err) {
      this.o.logger.error({ ...log, err: errorMessage(err) }, 'the alert outbox could not record a try');
    }
    this.o.onSettled?.(head.channelId, outcome.state);
  }

  /** Marks the delivery the database could not take yet; false while it still cannot. */
  private markPending(st: ChannelState): boolean {
    if (!st.pendingMark) return true;
    try {
      this.o.repo.markDelivered(st.pendingMark.id, st.pendingMark.at);
      st.pendingMark = null;
      return true;
    } catch (err) {
      this.o.logger.warn({ err: errorMessage(err) }, 'a delivered alert could not be marked yet');
      return false;
    }
  }
}
