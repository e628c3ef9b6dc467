// The held-write queue (pure): order kept, an event's later writes merged into its held one, bounded (droppable
// writes go first), a drain that stops where the disk refuses again, and losses counted.
import { describe, expect, it } from 'vitest';
import { HeldWrites, type ApplyResult } from '../../../../main/core/storage/held-writes.ts';

type W = { id: string; n: number };
const merge = (a: W, b: W): W => ({ id: a.id, n: a.n + b.n });

describe('HeldWrites', () => {
  it('drains in the order writes were held, merging writes of the same key into the first one', () => {
    const q = new HeldWrites<W>({ limit: 10, merge });
    q.hold({ key: 'a', droppable: false, value: { id: 'a', n: 1 } });
    q.hold({ key: null, droppable: false, value: { id: 's1', n: 1 } });
    q.hold({ key: 'b', droppable: false, value: { id: 'b', n: 1 } });
    q.hold({ key: 'a', droppable: false, value: { id: 'a', n: 5 } });
    q.hold({ key: null, droppable: false, value: { id: 's2', n: 1 } });
    expect(q.size).toBe(4);
    expect(q.peek('a')).toEqual({ id: 'a', n: 6 });
    const seen: W[] = [];
    const r = q.drain((w) => (seen.push(w), 'written'));
    expect(r).toEqual({ written: 4, failed: 0, full: false });
    expect(seen.map((w) => w.id)).toEqual(['a', 's1', 'b', 's2']);
    expect(seen[0]!.n).toBe(6);
    expect(q.size).toBe(0);
    expect(q.peek('a')).toBeNull();
    expect(q.written).toBe(4);
  });

  it('stops at the first write the disk refuses again and keeps it first; the next drain goes on from it', () => {
    const q = new HeldWrites<W>({ limit: 10, merge });
    for (const id of ['a', 'b', 'c']) q.hold({ key: id, droppable: false, value: { id, n: 1 } });
    let room = 1;
    const seen: string[] = [];
    const apply = (w: W): ApplyResult => {
      if (room <= 0) return 'full';
      room--;
      seen.push(w.id);
      return 'written';
    };
    expect(q.drain(apply)).toEqual({ written: 1, failed: 0, full: true });
    expect(q.size).toBe(2);
    // A write for a held key still merges while it waits.
    q.hold({ key: 'b', droppable: false, value: { id: 'b', n: 2 } });
    room = 10;
    expect(q.drain(apply)).toEqual({ written: 2, failed: 0, full: false });
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(q.written).toBe(3);
    expect(q.lost).toBe(0);
  });

  it('a write that fails for another reason than space is dropped and counted, and does not block the rest', () => {
    const q = new HeldWrites<W>({ limit: 10, merge });
    for (const id of ['a', 'bad', 'c']) q.hold({ key: id, droppable: false, value: { id, n: 1 } });
    const seen: string[] = [];
    const r = q.drain((w) => (w.id === 'bad' ? 'failed' : (seen.push(w.id), 'written')));
    expect(r).toEqual({ written: 2, failed: 1, full: false });
    expect(seen).toEqual(['a', 'c']);
    expect(q.lost).toBe(1);
  });

  it('is bounded: past the limit the oldest droppable write goes first, then the oldest write', () => {
    const q = new HeldWrites<W>({ limit: 3, merge });
    q.hold({ key: 'e1', droppable: false, value: { id: 'e1', n: 1 } });
    q.hold({ key: 'm1', droppable: true, value: { id: 'm1', n: 1 } });
    q.hold({ key: 'e2', droppable: false, value: { id: 'e2', n: 1 } });
    q.hold({ key: 'e3', droppable: false, value: { id: 'e3', n: 1 } }); // m1 goes
    expect(q.size).toBe(3);
    expect(q.lost).toBe(1);
    expect(q.peek('m1')).toBeNull();
    q.hold({ key: 'e4', droppable: false, value: { id: 'e4', n: 1 } }); // nothing droppable: e1 goes
    const seen: string[] = [];
    q.drain((w) => (seen.push(w.id), 'written'));
    expect(seen).toEqual(['e2', 'e3', 'e4']);
    expect(q.lost).toBe(2);
  });

  it('a merged write is droppable only when both were', () => {
    const q = new HeldWrites<W>({ limit: 2, merge });
    q.hold({ key: 'x', droppable: true, value: { id: 'x', n: 1 } });
    q.hold({ key: 'x', droppable: false, value: { id: 'x', n: 1 } });
    q.hold({ key: 'y', droppable: true, value: { id: 'y', n: 1 } });
    q.hold({ key: 'z', droppable: false, value: { id: 'z', n: 1 } }); // y goes, not x
    expect(q.peek('x')).toEqual({ id: 'x', n: 2 });
    expect(q.peek('y')).toBeNull();
  });
});
