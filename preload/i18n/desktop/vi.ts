import type { DesktopMessages } from './en.ts';

export const desktop: DesktopMessages = {
};
