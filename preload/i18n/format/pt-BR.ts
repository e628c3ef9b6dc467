import type { FormatMessages } from './en.ts';

export const format: FormatMessages = {
};
