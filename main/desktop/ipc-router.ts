// The desktop app's IPC transport, generic over the contract: one channel carries every request ({ name, input }),
// one carries every pushed event ({ name, payload }). Plain Node (no Electron import): main.ts hands it what Electron
// says about the sender, and it refuses anything that is not the main frame of our own window showing our own page.
// Validation and dispatch are the contract's own (parseRequestInput / invokeRequest), exactly as the WebSocket
// transport does them. The messages and channels are preload/protocols/rpc.ts and desktop-bridge.ts.
import {
  ApiError,
  eventNames,
  invokeRequest,
  PC_OWNER,
  type ApiEvents,
  type ApiHandlers,
  type EventName,
} from '../../preload/contract.ts';
import { ipcRequestMessage, type RpcReply } from '../../preload/protocols/rpc.ts';
import type { IpcEventMessage } from '../../preload/protocols/desktop-bridge.ts';
import type { Logger } from '../core/logging/logger.ts';
import { errorMessage } from '../../preload/format.ts';

/** What Electron tells about who sent a message (from IpcMainInvokeEvent: sender.id, senderFrame). */
export interface IpcSender {
  /** The sending webContents' id. */
  webContentsId: number;
  /** The sending frame's URL, or null when the frame is gone (navigated away or destroyed). */
  frameUrl: string | null;
  /** Whether the sending frame is its page's main frame (not an iframe). */
  isMainFrame: boolean;
}

export class SenderRefusedError extends Error {
  constructor(why: string) {
    super(`Refused: this request did not come from the ShopWatch NVR window (${why}).`);
    this.name = 'SenderRefusedError';
  }
}

/** The origin of a URL as the browser computes it for a standard scheme (app://shopwatch), or null. */
export function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const u = new URL(url);
    // WHATWG URL gives "null" as the origin of non-special schemes; standard custom schemes are scheme://host.
    return u.host ? `${u.protocol}//${u.host}` : null;
  } catch {
    return null;
  }
}

/** Throws SenderRefusedError unless the message comes from the main frame of one of our windows showing our origin. */
export function checkSender(sender: IpcSender, allowed: { webContentsIds: ReadonlySet<number>; origin: string }): void {
  if (!allowed.webContentsIds.has(sender.webContentsId)) throw new SenderRefusedError('not one of its windows');
  if (!sender.isMainFrame) throw new SenderRefusedError('sent from an embedded frame');
  const origin = originOf(sender.frameUrl);
  if (origin !== allowed.origin) throw new SenderRefusedError(`sent from ${origin ?? 'an unknown page'}`);
}

export interface IpcRouterOptions {
  handlers: ApiHandlers;
  /** The origin of the app's own page (app://shopwatch). */
  origin: string;
  /** The webContents ids of our windows at the time of the message. */
  windowIds: () => ReadonlySet<number>;
  logger: Logger;
}

export class IpcRouter {
  constructor(private readonly options: IpcRouterOptions) {}

  /** Null when the sender is the main frame of one of our windows showing our page, else why not (logged). */
  refusal(sender: IpcSender): string | null {
    try {
      checkSender(sender, { webContentsIds: this.options.windowIds(), origin: this.options.origin });
      return null;
    } catch (err) {
      this.options.logger.warn({ webContentsId: sender.webContentsId, frameOrigin: originOf(sender.frameUrl) }, 'IPC message refused');
      return (err as Error).message;
    }
  }

  /** One invoke message → its reply. Never throws: every failure is a reply with a sentence the page can show. */
  async handle(sender: IpcSender, message: unknown): Promise<RpcReply> {
    const refused = this.refusal(sender);
    if (refused !== null) return { ok: false, error: { code: 'bad-request', message: refused } };
    const parsed = ipcRequestMessage.safeParse(message);
    if (!parsed.success) {
      return { ok: false, error: { code: 'bad-request', message: 'A request must be { name, input } with the name of a request of the API.' } };
    }
    const { name, input } = parsed.data;
    try {
      // invokeRequest refuses unknown names (unknown-request) and invalid inputs (bad-request) before the core runs;
      // the window is the desktop app on the PC itself: the owner (the role check passes every request).
      const result = await invokeRequest(this.options.handlers, name as keyof ApiHandlers, input, PC_OWNER);
      return { ok: true, result };
    } catch (err) {
      if (err instanceof ApiError) return { ok: false, error: err.body() };
      this.options.logger.error({ request: name.slice(0, 100), err: errorMessage(err) }, 'IPC request failed');
      return {
        ok: false,
        error: { code: 'internal', message: `Something went wrong inside the NVR while handling ${name.slice(0, 100)}; its log has the details.` },
      };
    }
  }
}

export type Subscribe = <K extends EventName>(name: K, listener: (payload: ApiEvents[K]) => void) => () => void;

/** Forwards every contract event to `send` (webContents.send on the event channel); returns the unsubscribe. */
export function forwardEvents(subscribe: Subscribe, send: (message: IpcEventMessage) => void): () => void {
  const offs = eventNames.map((name) => subscribe(name, (payload) => send({ name, payload })));
  return () => {
    for (const off of offs) off();
  };
}
