// The e-mail channel: one nodemailer SMTP transport per channel (a connection per alert: alerts are rare, and a
// connection that idles for hours behind a router is a dead one), the message built by email-message.ts, and every
// failure classified there (a refused password is fatal at once, a busy or absent server is retried by the outbox).
import nodemailer from 'nodemailer';
import type { AlertChannel, ChannelContext, DeliveryResult, OutgoingAlert } from '../alert-channel.ts';
import { classifyMailError, mailMessage, transportOptions, type EmailConfig } from './email-message.ts';

export function createEmailChannel(ctx: ChannelContext): AlertChannel {
  if (ctx.config.type !== 'email') throw new Error(`createEmailChannel was given a ${ctx.config.type} channel`);
  return new EmailChannel(ctx, ctx.config);
}

class EmailChannel implements AlertChannel {
  readonly id: string;
  readonly type = 'email' as const;
  private readonly transport: ReturnType<typeof nodemailer.createTransport>;
  private readonly server: string;
  private readonly log: ChannelContext['logger'];
  private readonly secrets: string[];

  constructor(
    ctx: ChannelContext,
    private readonly config: EmailConfig,
  ) {
    this.id = config.id;
    this.server = `${config.host}:${config.port}`;
    this.log = ctx.logger.child({ component: 'alert-email', channelId: config.id, server: this.server });
    this.secrets = ctx.secrets.password ? [ctx.secrets.password] : [];
    this.transport = nodemailer.createTransport(transportOptions(config, ctx.secrets.password));
  }

  async deliver(alert: OutgoingAlert, signal: AbortSignal): Promise<DeliveryResult> {
    try {
      const info = await this.transport.sendMail({ ...mailMessage(this.config, alert), signal });
      const rejected = (info.rejected ?? []).map(String);
      if (rejected.length > 0) {
        // The server took the message for the others: delivered, and the refused addresses said once in the log.
        this.log.warn({ alertId: alert.alertId, rejected }, 'the e-mail server refused some of the addresses of this channel');
      }
      return { outcome: 'delivered' };
    } catch (err) {
      if (signal.aborted) return { outcome: 'retry', reason: `The e-mail server ${this.server} did not take the alert in time.` };
      const problem = classifyMailError(err as Record<string, unknown>, this.server, this.secrets);
      const e = err as { code?: unknown; responseCode?: unknown };
      this.log.warn({ alertId: alert.alertId, outcome: problem.outcome, code: e.code, responseCode: e.responseCode }, problem.reason);
      return { outcome: problem.outcome, reason: problem.reason };
    }
  }

  close(): Promise<void> {
    this.transport.close();
    return Promise.resolve();
  }
}
