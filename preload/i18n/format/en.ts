// The format messages in English, the source language: the words of a duration where the browser has no
// Intl.DurationFormat (renderer/src/lib/format.ts; English itself keeps the NVR's short units everywhere; the numbers
// are shown as they are), and the language picker's own choice. Every translation (th.ts, pt-BR.ts, vi.ts next to this file) has the type below.
export const format = {
  format_seconds: (p: { s: number }) => `${p.s} s`,
  format_minutes_seconds: (p: { m: number; s: number }) => `${p.m} min ${p.s} s`,
  format_hours_minutes: (p: { h: number; m: number }) => `${p.h} h ${p.m} min`,
  format_days_hours: (p: { d: number; h: number }) => `${p.d} ${p.d === 1 ? 'day' : 'days'} ${p.h} h`,
  /** The language picker's choice that follows the OS or browser (the setting null). */
  format_language_system: 'Same as this computer',
};

export type FormatMessages = typeof format;
