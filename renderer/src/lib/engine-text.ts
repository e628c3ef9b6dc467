// The engine's sentences (camera status, the wizard's test, notices, errors) in the owner's language: the message the
// engine sent next to its English text, read from the page's catalog (i18n.m), else the English. Read inside markup
// or $derived, the text follows a change of language.
import type { EngineMessage } from '../../../preload/i18n/engine-message.ts';
import { i18n } from './i18n.svelte.ts';
import { engineWords, errorWords, useEngineCatalog } from './engine-words.ts';

useEngineCatalog(() => i18n.m);

/** The message in the current language; the English when there is no message (or the page does not know it). */
export function engineText(message: EngineMessage | null | undefined, english: string): string;
export function engineText(message: EngineMessage | null | undefined, english: string | null): string | null;
export function engineText(message: EngineMessage | null | undefined, english: string | null): string | null {
  return english === null ? null : engineWords(message, english);
}

/** An error as one sentence for the owner, in the current language when the engine said it as a message. */
export function errorMessage(err: unknown): string {
  return errorWords(err);
}
