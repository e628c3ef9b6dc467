// The client half of the WebSocket transport shared by the browser and Node clients: answers matched by id in any
// order, errors as ApiError with their code, timeouts, a lost connection, requests that wait for the socket to open,
// events with their sequence number, and frames that are not ours ignored.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, requests } from '../../../preload/contract.ts';
import { RpcCalls, type RpcCallsOptions } from '../../../preload/rpc-calls.ts';

function setup(o: Partial<RpcCallsOptions> & { open?: boolean } = {}) {
  const sent: Array<{ type: string; id: number; name: string; input: unknown }> = [];
  const state = { open: o.open ?? true };
  const calls = new RpcCalls({
    timeoutMs: o.timeoutMs ?? 1000,
    timeoutMessage: o.timeoutMessage ?? ((name) => `no answer to ${name}`),
    ...(o.notOpenMessage !== undefined ? { notOpenMessage: o.notOpenMessage } : {}),
    send: (json) => {
      if (!state.open) return false;
      sent.push(JSON.parse(json) as (typeof sent)[number]);
      return true;
    },
  });
  const answer = (id: number, body: object) => calls.receive(JSON.stringify({ type: 'response', id, ...body }));
  return { calls, sent, state, answer };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('RPC calls over the WebSocket transport', () => {
  it('offers every request of the contract, and matches answers to requests in any order', async () => {
    const { calls, sent, answer } = setup();
    expect(Object.keys(calls.api).sort()).toEqual(Object.keys(requests).sort());
    const a = calls.api['health.get']({});
    const b = calls.request('events.list', { limit: 5 });
    expect(sent.map((m) => [m.type, m.name, m.input])).toEqual([
      ['request', 'health.get', {}],
      ['request', 'events.list', { limit: 5 }],
    ]);
    expect(sent[0]!.id).not.toBe(sent[1]!.id);
    answer(sent[1]!.id, { ok: true, result: { events: [], nextCursor: null } });
    answer(sent[0]!.id, { ok: true, result: { ok: 1 } });
    expect(await b).toEqual({ events: [], nextCursor: null });
    expect(await a).toEqual({ ok: 1 });
  });

  it('turns an error answer into an ApiError with its code; an answer without a body is an internal error', async () => {
    const { calls, sent, answer } = setup();
    const p = calls.request('cameras.get', { id: 'x' });
    answer(sent[0]!.id, { ok: false, error: { code: 'not-found', message: 'There is no such camera.' } });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ code: 'not-found', message: 'There is no such camera.' });
    const q = calls.request('cameras.get', { id: 'y' });
    answer(sent[1]!.id, { ok: false });
    await expect(q).rejects.toMatchObject({ code: 'internal' });
  });

  it('ignores frames that are not JSON, answers to no request, string ids and answers that come twice', async () => {
    const { calls, sent, answer } = setup();
    const p = calls.request('health.get', {});
    calls.receive('not json {');
    calls.receive(JSON.stringify({ type: 'response', id: String(sent[0]!.id), ok: true, result: 'wrong' }));
    answer(999, { ok: true, result: 'nobody asked' });
    answer(sent[0]!.id, { ok: true, result: 'right' });
    answer(sent[0]!.id, { ok: true, result: 'again' });
    expect(await p).toBe('right');
  });

  it('fails a request that gets no answer in time, with the given message', async () => {
    vi.useFakeTimers();
    const { calls, sent, answer } = setup({ timeoutMs: 5000 });
    const p = calls.request('health.get', {});
    const settled = p.catch((e: unknown) => e);
    vi.advanceTimersByTime(5001);
    expect(await settled).toMatchObject({ code: 'unavailable', message: 'no answer to health.get' });
    answer(sent[0]!.id, { ok: true, result: 'too late' }); // ignored
  });

  it('a lost connection fails the requests already sent; those not sent yet go when the socket opens again', async () => {
    const { calls, sent, state, answer } = setup();
    const inFlight = calls.request('health.get', {}).catch((e: unknown) => e);
    state.open = false;
    const waiting = calls.request('events.list', {});
    expect(sent).toHaveLength(1);
    calls.connectionLost('lost before it answered');
    expect(await inFlight).toMatchObject({ code: 'unavailable', message: 'lost before it answered' });
    state.open = true;
    calls.flush();
    expect(sent.map((m) => m.name)).toEqual(['health.get', 'events.list']);
    answer(sent[1]!.id, { ok: true, result: 'after reconnecting' });
    expect(await waiting).toBe('after reconnecting');
  });

  it('with notOpenMessage, a request on a closed socket fails at once instead of waiting', async () => {
    const { calls, sent } = setup({ open: false, notOpenMessage: 'closed' });
    await expect(calls.request('health.get', {})).rejects.toMatchObject({ code: 'unavailable', message: 'closed' });
    calls.flush();
    expect(sent).toEqual([]);
  });

  it('delivers events with their sequence number to their listeners until unsubscribed; refuses unknown names', () => {
    const { calls } = setup();
    const got: Array<[unknown, number]> = [];
    const off = calls.on('event.opened', (payload, seq) => got.push([payload, seq]));
    calls.receive(JSON.stringify({ type: 'event', seq: 7, name: 'event.opened', payload: { id: 'e1' } }));
    calls.receive(JSON.stringify({ type: 'event', seq: 8, name: 'camera.state', payload: {} }));
    off();
    calls.receive(JSON.stringify({ type: 'event', seq: 9, name: 'event.opened', payload: { id: 'e2' } }));
    expect(got).toEqual([[{ id: 'e1' }, 7]]);
    expect(() => calls.on('no.such' as 'event.opened', () => undefined)).toThrow(/unknown event/);
  });
});
