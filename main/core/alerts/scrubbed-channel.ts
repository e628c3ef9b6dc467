// A channel whose failure sentences never carry its secrets: they are stored in the outbox, logged and shown on the
// Settings page, so they are scrubbed once here, for every channel type.
import type { AlertChannel, DeliveryResult, OutgoingAlert } from './alert-channel.ts';
import { redact } from '../capture/redact.ts';
import { errorMessage } from '../../../preload/format.ts';

/**
 * A channel whose failure sentences never carry its secrets (a bot token is part of Telegram's URL, and an error
 * message may quote the URL): they are stored, logged and shown, so they are scrubbed here, once, for every channel.
 */
export function withScrubbedReasons(channel: AlertChannel, secrets: readonly string[]): AlertChannel {
  if (secrets.length === 0) return channel;
  const scrub = (r: DeliveryResult): DeliveryResult => (r.outcome === 'delivered' ? r : { ...r, reason: redact(r.reason, secrets) });
  return Object.assign(Object.create(channel) as AlertChannel, {
    deliver: async (alert: OutgoingAlert, signal: AbortSignal) => {
      try {
        return scrub(await channel.deliver(alert, signal));
      } catch (err) {
        return scrub({ outcome: 'retry', reason: errorMessage(err) });
      }
    },
  });
}
