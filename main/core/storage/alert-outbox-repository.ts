// The alert outbox (migration 7): one row per alert per channel, written before anything is sent. `seq` orders a
// channel's alerts (a channel's next alert waits for the one before); `state` goes queued → delivered | failed, once.
// Every SQL statement of the outbox is here; the decisions are in alerts/delivery-plan.ts.
import type { Db } from './database.ts';
import type { AlertKind } from '../../../preload/alert-channels.ts';

export type OutboxState = 'queued' | 'delivered' | 'failed';

export interface OutboxInsert {
  id: string;
  channelId: string;
  eventId: string | null;
  cameraId: string | null;
  kind: AlertKind;
  /** The alert without its snapshot (read from the event's snapshot file when it is sent). */
  payloadJson: string;
  createdAt: number;
}

export interface OutboxRow extends OutboxInsert {
  seq: number;
  nextAttemptAt: number;
  attempts: number;
  state: OutboxState;
  deliveredAt: number | null;
  lastError: string | null;
}

export interface ChannelCounts {
  channelId: string;
  delivered: number;
  failed: number;
  queued: number;
  oldestQueuedAt: number | null;
}

interface Row {
  id: string;
  channel_id: string;
  seq: number;
  event_id: string | null;
  camera_id: string | null;
  kind: AlertKind;
  payload_json: string;
  created_at: number;
  next_attempt_at: number;
  attempts: number;
  state: OutboxState;
  delivered_at: number | null;
  last_error: string | null;
}

const toRow = (r: Row): OutboxRow => ({
  id: r.id,
  channelId: r.channel_id,
  seq: r.seq,
  eventId: r.event_id,
  cameraId: r.camera_id,
  kind: r.kind,
  payloadJson: r.payload_json,
  createdAt: r.created_at,
  nextAttemptAt: r.next_attempt_at,
  attempts: r.attempts,
  state: r.state,
  deliveredAt: r.delivered_at,
  lastError: r.last_error,
});

export class AlertOutboxRepository {
  private readonly insertStmt;
  private readonly headsStmt;
  private readonly deliveredStmt;
  private readonly retryStmt;
  private readonly failedStmt;
  private readonly failQueuedStmt;
  private readonly countsStmt;
  private readonly byEventStmt;
  private readonly recentStmt;
  private readonly pruneStmt;
  private readonly dueStmt;

  constructor(db: Db) {
    this.insertStmt = db.prepare(
      `INSERT INTO alert_outbox (id, channel_id, seq, event_id, camera_id, kind, payload_json, created_at, next_attempt_at)
       VALUES (@id, @channelId, (SELECT COALESCE(MAX(seq), 0) + 1 FROM alert_outbox WHERE channel_id = @channelId),
               @eventId, @cameraId, @kind, @payloadJson, @createdAt, @createdAt)`,
    );
    // The first queued alert of every channel (the only one that may be tried: order per channel).
    this.headsStmt = db.prepare<[], Row>(
      `SELECT o.* FROM alert_outbox o
       WHERE o.state = 'queued'
         AND o.seq = (SELECT MIN(seq) FROM alert_outbox q WHERE q.channel_id = o.channel_id AND q.state = 'queued')`,
    );
    this.deliveredStmt = db.prepare(
      `UPDATE alert_outbox SET state = 'delivered', delivered_at = ?, attempts = attempts + 1, last_error = NULL
       WHERE id = ? AND state = 'queued'`,
    );
    this.retryStmt = db.prepare(
      `UPDATE alert_outbox SET attempts = ?, next_attempt_at = ?, last_error = ? WHERE id = ? AND state = 'queued'`,
    );
    this.failedStmt = db.prepare(
      `UPDATE alert_outbox SET state = 'failed', attempts = ?, delivered_at = NULL, last_error = ?, next_attempt_at = ?
       WHERE id = ? AND state = 'queued'`,
    );
    this.failQueuedStmt = db.prepare(
      `UPDATE alert_outbox SET state = 'failed', last_error = ?, next_attempt_at = ? WHERE channel_id = ? AND state = 'queued'`,
    );
    this.countsStmt = db.prepare<[], { channel_id: string; state: OutboxState; n: number; oldest: number | null }>(
      `SELECT channel_id, state, COUNT(*) AS n, MIN(created_at) AS oldest FROM alert_outbox GROUP BY channel_id, state`,
    );
    this.byEventStmt = db.prepare<[string], Row>('SELECT * FROM alert_outbox WHERE event_id = ? ORDER BY created_at, channel_id');
    this.recentStmt = db.prepare<[string, number], { delivered_at: number }>(
      `SELECT delivered_at FROM alert_outbox WHERE channel_id = ? AND state = 'delivered' AND delivered_at >= ? ORDER BY delivered_at`,
    );
    this.dueStmt = db.prepare(`UPDATE alert_outbox SET next_attempt_at = ? WHERE state = 'queued' AND next_attempt_at > ?`);
    this.pruneStmt = db.prepare(`DELETE FROM alert_outbox WHERE state != 'queued' AND created_at < ?`);
  }

  /** Writes the alert (queued, due now); its place in the channel's order is given in the same statement. */
  enqueue(row: OutboxInsert): void {
    this.insertStmt.run(row);
  }

  heads(): OutboxRow[] {
    return this.headsStmt.all().map(toRow);
  }

  /** Returns false when the row was not queued any more (never marked twice). */
  markDelivered(id: string, at: number): boolean {
    return this.deliveredStmt.run(at, id).changes > 0;
  }

  markRetry(id: string, attempts: number, nextAttemptAt: number, lastError: string): void {
    this.retryStmt.run(attempts, nextAttemptAt, lastError, id);
  }

  markFailed(id: string, attempts: number, reason: string, at: number): void {
    this.failedStmt.run(attempts, reason, at, id);
  }

  /** A removed channel: what it still had queued is given up with the reason. */
  failQueued(channelId: string, reason: string, at: number): number {
    return this.failQueuedStmt.run(reason, at, channelId).changes;
  }

  counts(): ChannelCounts[] {
    const by = new Map<string, ChannelCounts>();
    for (const r of this.countsStmt.all()) {
      let c = by.get(r.channel_id);
      if (!c) by.set(r.channel_id, (c = { channelId: r.channel_id, delivered: 0, failed: 0, queued: 0, oldestQueuedAt: null }));
      c[r.state] = r.n;
      if (r.state === 'queued') c.oldestQueuedAt = r.oldest;
    }
    return [...by.values()];
  }

  byEvent(eventId: string): OutboxRow[] {
    return this.byEventStmt.all(eventId).map(toRow);
  }

  /** When the channel's deliveries since `sinceMs` happened (its rate limit after a restart). */
  deliveredSince(channelId: string, sinceMs: number): number[] {
    return this.recentStmt.all(channelId, sinceMs).map((r) => r.delivered_at);
  }

  /** A restart: what waited for a retry is tried at once (the network or the service may be back). */
  dueNow(nowMs: number): number {
    return this.dueStmt.run(nowMs, nowMs).changes;
  }

  /** Forgets delivered and failed alerts written before `beforeMs` (queued ones stay until they are settled). */
  prune(beforeMs: number): number {
    return this.pruneStmt.run(beforeMs).changes;
  }
}
