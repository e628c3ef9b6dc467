import type { WizardMessages } from './en.ts';

export const wizard: WizardMessages = {
};
