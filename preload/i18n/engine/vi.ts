import type { EngineMessages } from './en.ts';

export const engine: EngineMessages = {
};
