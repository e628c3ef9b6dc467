// Keeping a live video short-buffered: how far behind the live edge it may fall before it jumps, and what to trim.
// Pure (numbers in, decision out) so the rules are unit-tested; the player applies them.
import { backoffDelay, type BackoffCurve } from '../../../preload/backoff.ts';

export interface BufferPolicy {
  /** Behind the live edge by more than this: jump to the edge. */
  maxLagSeconds: number;
  /** Where to land after a jump: this far before the edge. */
  targetLagSeconds: number;
  /** Keep this much played video behind the play position; older is removed. */
  keepBehindSeconds: number;
}

export const defaultBufferPolicy: BufferPolicy = { maxLagSeconds: 2.5, targetLagSeconds: 0.4, keepBehindSeconds: 8 };

export interface BufferDecision {
  /** Seek here (seconds), or null. */
  seekTo: number | null;
  /** Remove [0, removeTo) from the SourceBuffer, or null. */
  removeTo: number | null;
}

/**
 * `ranges` are the buffered [start, end] pairs. Jumps over gaps too: if the play position is not inside any range but
 * a later range exists, it goes to that range's live edge.
 */
export function decideBuffer(currentTime: number, ranges: ReadonlyArray<readonly [number, number]>, policy: BufferPolicy = defaultBufferPolicy): BufferDecision {
  if (ranges.length === 0) return { seekTo: null, removeTo: null };
  const first = ranges[0] as readonly [number, number];
  const last = ranges[ranges.length - 1] as readonly [number, number];
  const edge = last[1];
  let seekTo: number | null = null;
  const inside = ranges.some(([s, e]) => currentTime >= s - 0.05 && currentTime <= e + 0.05);
  if (edge - currentTime > policy.maxLagSeconds || (!inside && currentTime < last[0])) {
    seekTo = Math.max(last[0], edge - policy.targetLagSeconds);
  }
  const position = seekTo ?? currentTime;
  const removeBefore = position - policy.keepBehindSeconds;
  // Remove only in whole seconds' worth, so a SourceBuffer.remove is not issued on every tick.
  const removeTo = removeBefore - first[0] > 2 ? Math.floor(removeBefore) : null;
  return { seekTo, removeTo };
}

/** Reconnect delays: 0.5 s doubling to 15 s, with ±20 % jitter so many tiles do not retry in step. */
export const RECONNECT_CURVE: BackoffCurve = { firstMs: 500, maxMs: 15_000, jitter: 0.2 };

export function reconnectDelay(attempt: number, random: () => number = Math.random): number {
  return backoffDelay(attempt, RECONNECT_CURVE, random);
}
