import type { FormatMessages } from './en.ts';

export const format: FormatMessages = {
  format_seconds: (p) => `${p.s} วินาที`,
  format_minutes_seconds: (p) => `${p.m} นาที ${p.s} วินาที`,
  format_hours_minutes: (p) => `${p.h} ชั่วโมง ${p.m} นาที`,
  format_days_hours: (p) => `${p.d} วัน ${p.h} ชั่วโมง`,
  format_language_system: 'ตามภาษาของเครื่องนี้',
};
