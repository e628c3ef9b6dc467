import type { FormatMessages } from './en.ts';

export const format: FormatMessages = {
  format_seconds: (p) => `${p.s} seg`,
  format_minutes_seconds: (p) => `${p.m} min e ${p.s} seg`,
  format_hours_minutes: (p) => `${p.h} h e ${p.m} min`,
  format_days_hours: (p) => `${p.d} ${p.d === 1 ? 'dia' : 'dias'} e ${p.h} h`,
  format_language_system: 'Igual a este computador',
};
