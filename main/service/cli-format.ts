// Pure pieces of the `nvr` command line: reading --since, and turning contract outputs into the lines and JSON
// documents it prints. No I/O here.
import type { CameraView, EventView, Health } from '../../preload/contract.ts';

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `10m`, `2h`, `1d`, `30s` before now, or an ISO time such as 2025-11-25T08:00 → epoch ms. */
export function parseSince(text: string, now: number): number {
  const rel = /^(\d{1,6})\s*([smhd])$/i.exec(text.trim());
  if (rel) return now - Number(rel[1]) * UNIT_MS[rel[2]!.toLowerCase()]!;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) {
    const t = Date.parse(text);
    if (Number.isFinite(t) && t >= 0) return t;
  }
  throw new UsageError(`--since takes a duration such as 10m, 2h or 1d, or a time such as 2025-11-25T08:00; "${text}" is neither.`);
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** One event as `nvr events list --json` prints it. */
export function eventJson(e: EventView): Record<string, unknown> {
  return {
    id: e.id,
    cameraId: e.cameraId,
    kind: e.kind,
    start: iso(e.startMs),
    end: iso(e.endMs),
    startMs: e.startMs,
    endMs: e.endMs,
    topScore: e.topScore,
    peakRatio: e.peakRatio,
    boxes: e.boxes,
    frameWidth: e.frameWidth,
    frameHeight: e.frameHeight,
    personBox: e.personBox,
    hasSnapshot: e.hasSnapshot,
    keepForever: e.keepForever,
    ...(e.deliveries ? { deliveries: e.deliveries } : {}),
  };
}

/** One camera for `nvr cameras list --json`: the contract's view (it never carries a password). */
export function cameraJson(c: CameraView): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    mainUrl: c.mainUrl,
    subUrl: c.subUrl,
    username: c.username,
    hasPassword: c.hasPassword,
    enabled: c.enabled,
    demo: c.demo,
    state: c.status.state,
    reason: c.status.reason,
    fps: c.status.fps,
    createdAt: iso(c.createdAt),
  };
}

/** Left-aligned columns, two spaces apart. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

export function camerasText(cameras: CameraView[]): string {
  if (cameras.length === 0) return 'No cameras yet. Add one with: nvr cameras add --name NAME --url rtsp://…';
  return table(
    ['ID', 'NAME', 'STATE', 'REASON'],
    cameras.map((c) => [c.id, c.name + (c.demo ? ' (demo)' : ''), c.status.state, c.status.reason ?? '']),
  );
}

export function eventsText(events: EventView[], cameraNames: Map<string, string>, now: number): string {
  if (events.length === 0) return 'No events in that time.';
  const local = (ms: number) => {
    const d = new Date(ms);
    const p = (n: number) => String(n).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
  };
  return table(
    ['ID', 'CAMERA', 'KIND', 'START', 'LENGTH', 'SCORE'],
    events.map((e) => [
      e.id,
      cameraNames.get(e.cameraId) ?? e.cameraId,
      e.kind,
      local(e.startMs),
      e.endMs === null ? `open (${Math.round((now - e.startMs) / 1000)} s)` : `${Math.round((e.endMs - e.startMs) / 1000)} s`,
      e.topScore === null ? '' : e.topScore.toFixed(2),
    ]),
  );
}

export function healthText(h: Health): string {
  const gb = (b: number | null) => (b === null ? '?' : `${(b / 1024 ** 3).toFixed(1)} GB`);
  const cams =
    h.cameras.length === 0
      ? 'No cameras.'
      : table(
          ['CAMERA', 'STATE', 'RECORDING', 'FPS', 'DROPS', 'RECONNECTS', 'REASON'],
          h.cameras.map((c) => [
            c.name,
            c.state,
            c.recording.state,
            c.fps.toFixed(1),
            String(c.droppedFrames),
            String(c.reconnects),
            [c.reason, c.recording.reason].filter(Boolean).join(' '),
          ]),
        );
  const s = h.system;
  const lines = [
    cams,
    '',
    `CPU ${s.cpuPercent.toFixed(0)} %, memory ${(s.rssBytes / 1024 ** 2).toFixed(0)} MB, disk free ${gb(s.diskFreeBytes)} of ${gb(s.diskTotalBytes)}, data folder ${gb(s.dataFolderBytes)} (${s.dataDir})`,
    `Notifications: ${s.notifications.ok ? 'working' : `not working: ${s.notifications.lastError ?? 'unknown reason'}`}, ${s.notifications.sent} sent`,
    `Person detection: ${s.detection.enabled ? 'on' : `off (${s.detection.reason ?? 'no reason given'})`}`,
  ];
  if (s.database.notice) lines.push(s.database.notice);
  const seg = s.retention.segments;
  if (seg) {
    lines.push(
      `Recordings clean-up: ${seg.deletedSegments} segments (${gb(seg.deletedBytes)}) deleted since start ` +
        `(${seg.byAge} by age, ${seg.byQuota} by quota, ${seg.bySpace} for free space); keeping ${gb(seg.floorBytes)} free`,
    );
    if (seg.lastError) lines.push(`Recordings clean-up problem: ${seg.lastError}`);
  }
  if (s.retention.lastError) lines.push(`Clean-up problem: ${s.retention.lastError}`);
  if (s.disk?.reason) lines.push(`Disk: ${s.disk.reason} Reserve ${s.disk.reserve}; ${s.disk.heldWrites} writes held, ${s.disk.lostWrites} lost.`);
  return lines.join('\n');
}
