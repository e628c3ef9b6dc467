// The contract's event names (preload/contract.ts `eventNames`, derived from the keys of ApiEvents: the compiler
// refuses a name missing from the list or one ApiEvents lacks) reach a page over both transports: the WebSocket
// transport announces and forwards each (a real ws server and client on the loopback), the desktop IPC forwards each.
import { EventEmitter } from 'node:events';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { eventNames, type ApiEvents, type ApiHandlers, type EventName } from '../../../preload/contract.ts';
import type { HelloMessage, ServerMessage } from '../../../preload/protocols/rpc.ts';
import { WsTransport } from '../../../main/service/ws-transport.ts';
import { forwardEvents } from '../../../main/desktop/ipc-router.ts';
import { silentLogger } from '../../../main/core/logging/logger.ts';

/** The engine's side of events: what both transports subscribe to. */
function eventSource() {
  const emitter = new EventEmitter();
  const subscribe = <K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void) => {
    emitter.on(name, listener);
    return () => void emitter.off(name, listener);
  };
  const listening = () => eventNames.reduce((n, name) => n + emitter.listenerCount(name), 0);
  return { emitter, subscribe, listening };
}

const cleanups: Array<() => void | Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('the contract event names', () => {
  it('name each event of ApiEvents once, in a list nobody can change at run time', () => {
    expect(eventNames.length).toBeGreaterThan(0);
    expect(new Set(eventNames).size).toBe(eventNames.length);
    expect(Object.isFrozen(eventNames)).toBe(true);
    for (const name of eventNames) expect(name).toMatch(/^[a-z]+(\.[a-z]+)?$/);
  });

  it('over WebSocket: the hello announces every one, and each reaches the client with its name and the next number', async () => {
    const source = eventSource();
    // No request is sent in this test: the transport never calls a handler.
    const transport = new WsTransport({ handlers: {} as ApiHandlers, subscribe: source.subscribe, logger: silentLogger() });
    const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())), () => transport.close());
    await new Promise<void>((resolve) => server.once('listening', () => resolve()));
    server.on('connection', (socket) => transport.attach(socket, '127.0.0.1'));
    expect(source.listening()).toBe(eventNames.length);

    const client = new WebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}`);
    cleanups.push(() => client.close());
    const messages: ServerMessage[] = [];
    const hello = new Promise<HelloMessage>((resolve) =>
      client.on('message', (data) => {
        const m = JSON.parse(String(data)) as ServerMessage;
        messages.push(m);
        if (m.type === 'hello') resolve(m);
      }),
    );
    expect((await hello).events).toEqual([...eventNames]);

    for (const name of eventNames) source.emitter.emit(name, { sent: name });
    await expect.poll(() => messages.length, { timeout: 5000 }).toBe(1 + eventNames.length);
    expect(messages.slice(1)).toEqual(eventNames.map((name, i) => ({ type: 'event', name, payload: { sent: name }, seq: i + 1 })));

    transport.close();
    expect(source.listening()).toBe(0);
  });

  it('over the desktop IPC: every one is forwarded with its name, and unsubscribing leaves no listener', () => {
    const source = eventSource();
    const sent: Array<{ name: EventName; payload: unknown }> = [];
    const off = forwardEvents(source.subscribe, (message) => sent.push(message));
    expect(source.listening()).toBe(eventNames.length);
    for (const name of eventNames) source.emitter.emit(name, { sent: name });
    expect(sent).toEqual(eventNames.map((name) => ({ name, payload: { sent: name } })));
    off();
    expect(source.listening()).toBe(0);
  });
});
