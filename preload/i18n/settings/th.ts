import type { SettingsMessages } from './en.ts';

export const settings: SettingsMessages = {
};
