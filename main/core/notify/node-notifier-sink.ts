// The OS's notifications through node-notifier: on Linux it runs notify-send, which calls
// org.freedesktop.Notifications.Notify on the session bus. Without a desktop session (no display, no bus, no
// notification daemon) or without notify-send, send() rejects with a sentence saying so; it never swallows the error.
import nodeNotifier from 'node-notifier';
import type { NotificationSink, OutgoingNotification } from './notifier.ts';
import { errorMessage } from '../../../preload/format.ts';

const APP_NAME = 'ShopWatch NVR';

export class NodeNotifierSink implements NotificationSink {
  readonly name = 'os';

  send(n: OutgoingNotification): Promise<void> {
    const options = {
      title: n.title,
      message: n.body,
      ...(n.iconPath ? { icon: n.iconPath } : {}),
      appName: APP_NAME,
      // node-notifier passes this one to notify-send as --app-name (it drops appName on Linux).
      'app-name': APP_NAME,
      wait: false,
    };
    return new Promise<void>((resolve, reject) => {
      try {
        nodeNotifier.notify(options, (err) => {
          // node-notifier hands notify-send's stderr over as `err` even when it succeeded: only an Error is a failure.
          if (err instanceof Error) reject(new Error(unavailableMessage(err)));
          else resolve();
        });
      } catch (err) {
        reject(new Error(unavailableMessage(err)));
      }
    });
  }
}

/** "Desktop notifications are not available: …" with the cause, without the command line node-notifier ran. */
export function unavailableMessage(err: unknown): string {
  const raw = errorMessage(err);
  let cause: string;
  if (/notify-send must be installed|not found: notify-send/i.test(raw)) {
    cause = 'notify-send is not installed (on Debian or Ubuntu: apt install libnotify-bin)';
  } else if (raw.startsWith('Command failed:')) {
    // The first line repeats the whole command (title and body); what notify-send said is on the lines after it.
    const said = raw.split('\n').slice(1).map((l) => l.trim()).filter((l) => l.length > 0).join(' ');
    cause = said.length > 0 ? said : 'notify-send failed without saying why';
    if (/DISPLAY|D-Bus|DBus|bus address|autolaunch/i.test(cause)) cause += ' (is a desktop session running?)';
  } else {
    cause = raw;
  }
  return `Desktop notifications are not available: ${cause}`;
}
