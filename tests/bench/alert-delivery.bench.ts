// Event opened → alert delivered, per channel, through the whole product: a camera (bottle-detection.mp4 over RTSP,
// a hand that comes and goes, so motion events keep opening) in the engine with the real channel transports
// (main/core/alerts/channel-registry.ts) sending to real peers on this PC: a webhook receiver, Telegram and ntfy
// stand-ins (the APIs' answers), a real Mosquitto broker and a real SMTP server (smtp-server). For each event, the time
// from the engine's event.opened to the peer having the alert (the outbox delivers in order per channel: the k-th
// arrival is the k-th event). Medians and p95 per channel; the baseline is the webhook (the least work per alert).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectAsync } from 'mqtt';
import { SMTPServer } from 'smtp-server';
import { NvrEngine } from '../../main/core/engine.ts';
import { silentLogger } from '../../main/core/logging/logger.ts';
import { channelFactories } from '../../main/core/alerts/channel-registry.ts';
import { startRtspCamera } from '../fixtures/rtsp-camera.ts';
import { startMosquitto } from '../fixtures/mosquitto-broker.ts';
import { sharedMediaPath } from '../fixtures/shared-files.ts';
import { quietSink } from '../fixtures/quiet-sink.ts';
import { fmt, median, percentile, printTable } from './bench-stats.ts';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 90);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const arrivals: Record<string, number[]> = { webhook: [], telegram: [], ntfy: [], mqtt: [], email: [] };

/** An HTTP peer that answers `body` and notes each alert's arrival under `name` (paths matching `counts`). */
async function httpPeer(name: string, counts: RegExp, body: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (counts.test(req.url ?? '')) arrivals[name]!.push(performance.now());
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((r) => void server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(() => r())) };
}

const webhook = await httpPeer('webhook', /^\/hook/, '{}');
const telegram = await httpPeer('telegram', /\/send(Photo|Message)$/, '{"ok":true,"result":{"message_id":1}}');
const ntfy = await httpPeer('ntfy', /^\/shop/, '{"id":"x"}');
const smtp = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  onData(stream, _session, callback) {
    stream.resume();
    stream.on('end', () => {
      arrivals.email!.push(performance.now());
      callback();
    });
  },
});
await new Promise<void>((r) => void smtp.listen(0, '127.0.0.1', () => r()));
const smtpPort = (smtp.server.address() as AddressInfo).port;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'nvr-bench-delivery-'));
const broker = await startMosquitto({ dir: dataDir });
const watcher = await connectAsync(broker.url, { username: broker.username, password: broker.password });
watcher.on('message', (topic) => {
  if (topic === 'bench/events') arrivals.mqtt!.push(performance.now());
});
await watcher.subscribeAsync('bench/events', { qos: 1 });

const camera = await startRtspCamera({ source: 'file:' + sharedMediaPath('bottle-detection.mp4') });
const engine = await NvrEngine.start({ dataDir: path.join(dataDir, 'nvr'), logger: silentLogger(), notificationSinks: [quietSink], modelPath: '/nonexistent.onnx', alertChannelFactories: channelFactories });
const common = { kinds: ['motion'], maxPerMinute: 600, followSchedule: false };
engine.alerts.save({ type: 'webhook', name: 'Webhook', url: `${webhook.url}/hook`, ...common }, undefined);
engine.alerts.save({ type: 'telegram', name: 'Telegram', chatId: '42', baseUrl: telegram.url, ...common }, { botToken: '123:bench' });
engine.alerts.save({ type: 'ntfy', name: 'ntfy', topic: 'shop', baseUrl: ntfy.url, ...common }, undefined);
engine.alerts.save({ type: 'mqtt', name: 'MQTT', url: broker.url, username: broker.username, topicPrefix: 'bench', discoveryPrefix: '', ...common }, { password: broker.password });
engine.alerts.save({ type: 'email', name: 'E-mail', host: '127.0.0.1', port: smtpPort, security: 'none', from: 'nvr@shop.example', to: ['owner@shop.example'], ...common }, undefined);

const opened: number[] = [];
engine.on('event.opened', () => opened.push(performance.now()));
const cam = await engine.cameras.add({ name: 'Shelf', mainUrl: camera.url, events: { quietGapSeconds: 1 }, notifications: { cooldownSeconds: 0 } });
await sleep(SECONDS * 1000);
const events = opened.length;
await sleep(5000); // the last alerts land
const rows = Object.entries(arrivals).map(([channel, at]) => {
  const ms = at.slice(0, events).map((t, k) => t - opened[k]!);
  return { channel, ms, delivered: `${Math.min(at.length, events)}/${events}` };
});
const base = median(rows[0]!.ms);
printTable(
  rows.map((r) => ({
    channel: r.channel,
    delivered: r.delivered,
    'opened→delivered ms med': fmt(median(r.ms)),
    p95: fmt(percentile(r.ms, 95)),
    'vs webhook': fmt(median(r.ms) / base, 2),
  })),
);
console.log(`${events} motion events on camera ${cam.name} in ${SECONDS} s; every channel on this PC (loopback peers)`);
console.log('target: each channel delivers every alert; opened → delivered p95 under 2 s on loopback');
await engine.stop();
await watcher.endAsync();
await broker.stop();
await camera.stop();
await webhook.close();
await telegram.close();
await ntfy.close();
await new Promise<void>((r) => smtp.close(() => r()));
rmSync(dataDir, { recursive: true, force: true });
