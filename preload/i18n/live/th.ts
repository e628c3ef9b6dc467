import type { LiveMessages } from './en.ts';

export const live: LiveMessages = {
};
