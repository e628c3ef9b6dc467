// When the outbox tries an alert again, when it gives up, and when a channel may send: pure (no clock, no I/O; the
// caller passes `now` and a random source). Backoff is the project's one curve (preload/backoff.ts) with jitter; a
// service that says how long to wait (429 Retry-After) is waited for exactly; after 24 h an alert is given up with the
// reason of its last try; a fatal answer fails the alert at once and stops the channel until the owner fixes it.
import { backoffDelay, type BackoffCurve } from '../../../preload/backoff.ts';
import type { DeliveryResult } from './alert-channel.ts';

export interface DeliveryPlanConfig {
  curve: BackoffCurve;
  /** An alert not delivered this long after it was written is given up. */
  giveUpAfterMs: number;
}

export const DEFAULT_PLAN: DeliveryPlanConfig = {
  curve: { firstMs: 2_000, maxMs: 10 * 60_000, jitter: 0.2, clamp: true },
  giveUpAfterMs: 24 * 3_600_000,
};

const MINUTE_MS = 60_000;

export type AttemptOutcome =
  | { state: 'delivered' }
  | { state: 'queued'; attempts: number; nextAttemptAt: number; lastError: string }
  /** `stopChannel` = the channel is stopped with this reason (fatal); a give-up after 24 h does not stop it. */
  | { state: 'failed'; attempts: number; reason: string; stopChannel: boolean };

/** What happens to an alert after one try (`attempts` = tries before this one). */
export function afterAttempt(
  alert: { createdAt: number; attempts: number },
  result: DeliveryResult,
  nowMs: number,
  config: DeliveryPlanConfig = DEFAULT_PLAN,
  random: () => number = Math.random,
): AttemptOutcome {
  const attempts = alert.attempts + 1;
  if (result.outcome === 'delivered') return { state: 'delivered' };
  if (result.outcome === 'fatal') return { state: 'failed', attempts, reason: result.reason, stopChannel: true };
  const deadline = alert.createdAt + config.giveUpAfterMs;
  if (nowMs >= deadline) return { state: 'failed', attempts, reason: giveUpReason(result.reason), stopChannel: false };
  const wait = result.afterMs !== undefined ? Math.max(0, Math.round(result.afterMs)) : backoffDelay(alert.attempts, config.curve, random);
  // The last try is at the deadline, not after it: an alert is never left waiting past its 24 h.
  return { state: 'queued', attempts, nextAttemptAt: Math.min(nowMs + wait, deadline), lastError: result.reason };
}

/** An alert still queued at its deadline without a try (the channel was stopped meanwhile): given up. */
export function expiredReason(alert: { createdAt: number; lastError: string | null }, nowMs: number, config: DeliveryPlanConfig = DEFAULT_PLAN): string | null {
  if (nowMs < alert.createdAt + config.giveUpAfterMs) return null;
  return giveUpReason(alert.lastError ?? 'the channel could not send it');
}

export function giveUpReason(last: string): string {
  return `Not delivered within 24 hours, given up: ${last}`;
}

/** How long the channel must wait before its next send under its rate limit (0 = now). `sentAt` oldest first. */
export function rateLimitWait(sentAt: readonly number[], maxPerMinute: number, nowMs: number): number {
  const recent = sentAt.filter((t) => t > nowMs - MINUTE_MS);
  if (recent.length < maxPerMinute) return 0;
  // The send that frees a place is the one `maxPerMinute` back from the newest.
  const freeing = recent[recent.length - maxPerMinute] as number;
  return Math.max(1, freeing + MINUTE_MS - nowMs);
}

/** Drops send times older than a minute (kept oldest first, at most `maxPerMinute`). */
export function pruneSends(sentAt: number[], maxPerMinute: number, nowMs: number): void {
  while (sentAt.length > 0 && ((sentAt[0] as number) <= nowMs - MINUTE_MS || sentAt.length > maxPerMinute)) sentAt.shift();
}

export interface ChannelHead {
  channelId: string;
  nextAttemptAt: number;
}

/**
 * When the channel's head alert may be tried: its own next attempt time, or later when the rate limit says so.
 * null = not at all now (the channel is stopped, busy, or gone).
 */
export function dueAt(head: ChannelHead, channel: { blocked: boolean; rateWaitMs: number } | null, nowMs: number): number | null {
  if (!channel || channel.blocked) return null;
  return Math.max(head.nextAttemptAt, nowMs + channel.rateWaitMs);
}

/** The one timer's delay: the earliest due time among the heads (null = nothing to wait for). */
export function nextWakeMs(dueTimes: ReadonlyArray<number | null>, nowMs: number): number | null {
  let min: number | null = null;
  for (const t of dueTimes) if (t !== null && (min === null || t < min)) min = t;
  return min === null ? null : Math.max(0, min - nowMs);
}
