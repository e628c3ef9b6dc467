// The Review screen's filters, remembered in this browser (localStorage): cameras hidden, kinds shown, the zone shown,
// reviewed / new / all, the time span, and the cameras the players show (one, or up to four). One instance,
// `reviewFilters`; every change is saved at once.
import type { EventKind, EventView } from '../../../preload/contract.ts';
import { loadPref, savePref } from '../lib/theme.ts';
import { spans as spanOptions, type SpanKey } from '../timeline/timeline-layout.ts';

export const ALL_KINDS: readonly EventKind[] = ['motion', 'person', 'loitering'];
export type ReviewedFilter = 'all' | 'new' | 'reviewed';
export const MAX_PLAYERS = 4;

export interface ReviewFilterValues {
  hidden: string[];
  kinds: EventKind[];
  /** The loitering zone shown, null for every event. */
  zone: string | null;
  reviewed: ReviewedFilter;
  span: SpanKey;
  /** Cameras in the players, in order (at most MAX_PLAYERS); empty = the first camera shown. */
  players: string[];
  /** One player or the 2×2. */
  layout: 1 | 4;
}

const KEY = 'review.filters';
const DEFAULTS: ReviewFilterValues = { hidden: [], kinds: [...ALL_KINDS], zone: null, reviewed: 'all', span: '6h', players: [], layout: 1 };

const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string' && s.length <= 64);

/** A stored value made safe: anything unknown or malformed falls back to its default. */
export function sanitizeFilters(raw: unknown): ReviewFilterValues {
  const o = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const kinds = strings(o.kinds) ? (o.kinds.filter((k) => (ALL_KINDS as readonly string[]).includes(k)) as EventKind[]) : DEFAULTS.kinds;
  return {
    hidden: strings(o.hidden) ? o.hidden.slice(0, 256) : [],
    kinds,
    zone: typeof o.zone === 'string' && o.zone.length <= 120 ? o.zone : null,
    reviewed: o.reviewed === 'new' || o.reviewed === 'reviewed' ? o.reviewed : 'all',
    span: spanOptions.some((s) => s.key === o.span) ? (o.span as SpanKey) : DEFAULTS.span,
    players: strings(o.players) ? o.players.slice(0, MAX_PLAYERS) : [],
    layout: o.layout === 4 ? 4 : 1,
  };
}

/** Whether an event passes the filters (cameras, kinds, zone, reviewed). */
export function passesFilters(e: EventView, f: Pick<ReviewFilterValues, 'hidden' | 'kinds' | 'zone' | 'reviewed'>): boolean {
  if (f.hidden.includes(e.cameraId) || !f.kinds.includes(e.kind)) return false;
  if (f.zone !== null && e.zone !== f.zone) return false;
  if (f.reviewed === 'new' && e.reviewed) return false;
  if (f.reviewed === 'reviewed' && !e.reviewed) return false;
  return true;
}

export class ReviewFilters {
  values = $state<ReviewFilterValues>(sanitizeFilters(loadPref<unknown>(KEY, DEFAULTS, (_v): _v is unknown => true)));

  set<K extends keyof ReviewFilterValues>(key: K, value: ReviewFilterValues[K]): void {
    this.values = { ...this.values, [key]: value };
    savePref(KEY, this.values);
  }

  toggleCamera(id: string): void {
    const h = this.values.hidden;
    this.set('hidden', h.includes(id) ? h.filter((x) => x !== id) : [...h, id]);
  }

  toggleKind(kind: EventKind): void {
    const k = this.values.kinds;
    this.set('kinds', k.includes(kind) ? k.filter((x) => x !== kind) : [...k, kind]);
  }

  /** Adds a camera to the players (the 2×2) or removes it; in the single layout it becomes the one played. */
  togglePlayer(id: string): void {
    const p = this.values.players;
    if (this.values.layout === 1) return this.set('players', [id, ...p.filter((x) => x !== id)].slice(0, MAX_PLAYERS));
    if (p.includes(id)) return this.set('players', p.filter((x) => x !== id));
    this.set('players', [...p, id].slice(-MAX_PLAYERS));
  }
}

export const reviewFilters = new ReviewFilters();
