import type { FormatMessages } from './en.ts';

export const format: FormatMessages = {
  format_seconds: (p) => `${p.s} giây`,
  format_minutes_seconds: (p) => `${p.m} phút ${p.s} giây`,
  format_hours_minutes: (p) => `${p.h} giờ ${p.m} phút`,
  format_days_hours: (p) => `${p.d} ngày ${p.h} giờ`,
  format_language_system: 'Theo ngôn ngữ của máy tính này',
};
