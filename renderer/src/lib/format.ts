// Numbers and times as a shop owner reads them. Bytes and error messages read as the NVR's own sentences do
// (preload/format.ts, shared with main/); an error the engine said as a message reads in the owner's language.
export { formatBytes } from '../../../preload/format.ts';
export { errorWords as errorMessage } from './engine-words.ts';

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} days ${h % 24} h`;
}

export function formatTime(ms: number): string {
  return new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export function formatDateTime(ms: number): string {
  return new Date(ms).toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

export const kindLabel = { motion: 'Motion', person: 'Person', loitering: 'Loitering' } as const;
