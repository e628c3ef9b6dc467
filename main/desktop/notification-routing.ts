// OS notifications in the desktop app: the engine's Notifier decides (policy unchanged) and hands each notification
// to this sink; the sink shows it through a `present` function (Electron's Notification in main.ts) and, when the
// owner clicks it, asks the shell to open the window on that event: the renderer's route #/events/<id>.
// No Electron import: tested under Node with a recording presenter.
import type { NotificationSink, OutgoingNotification } from '../core/notify/notifier.ts';
import { requests } from '../../preload/contract.ts';
import { APP_INDEX_URL } from './app-protocol.ts';

export const APP_NAME = 'ShopWatch NVR';

/** The page's route for an event (the renderer reads location.hash). */
export function eventRoute(eventId: string): string {
  if (!requests['events.get'].input.safeParse({ id: eventId }).success) throw new Error('not an event id');
  return `#/events/${encodeURIComponent(eventId)}`;
}

/** The window URL that opens on an event, or on the page itself without one. */
export function windowUrlFor(route: string | null): string {
  return route ? APP_INDEX_URL + route : APP_INDEX_URL;
}

/** The event id in a route made by eventRoute, or null (the preload refuses any other hash). */
export function eventIdOfRoute(route: string): string | null {
  const m = /^#\/events\/([A-Za-z0-9_-]{1,64})$/.exec(route);
  return m ? m[1]! : null;
}

/** What main.ts needs to show one OS notification. */
export interface NotificationSpec {
  title: string;
  body: string;
  /** The event's thumbnail when there is one, else the app's icon. */
  iconPath: string | null;
  /** The route to open when it is clicked, or null (the window opens on its page). */
  route: string | null;
}

/**
 * Shows a notification; resolves once it is shown, rejects with a sentence when it cannot be (no notification
 * server...). `onClick` is called when the owner clicks it.
 */
export type Presenter = (spec: NotificationSpec, onClick: () => void) => Promise<void>;

export class DesktopNotificationSink implements NotificationSink {
  readonly name = 'os';

  constructor(
    private readonly present: Presenter,
    /** Opens (or shows and focuses) the window on a route. */
    private readonly openWindow: (route: string | null) => void,
    private readonly appIconPath: string | null = null,
  ) {}

  /** The spec for an outgoing notification (pure). */
  spec(n: OutgoingNotification): NotificationSpec {
    let route: string | null = null;
    if (n.eventId) {
      try {
        route = eventRoute(n.eventId);
      } catch {
        route = null;
      }
    }
    return { title: n.title, body: n.body, iconPath: n.iconPath ?? this.appIconPath, route };
  }

  send(n: OutgoingNotification): Promise<void> {
    const spec = this.spec(n);
    return this.present(spec, () => this.openWindow(spec.route));
  }
}
