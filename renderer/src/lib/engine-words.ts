// The engine's sentences in the page's language, without the page's state: the catalog to read them from is handed
// in by engine-text.ts (which reads i18n.m), so plain modules such as format.ts can translate an error's message
// without importing Svelte state. Until then (or under plain Node, in tests) the English is shown.
import { engine, type EngineMessages } from '../../../preload/i18n/engine/en.ts';
import { localText, type EngineMessage } from '../../../preload/i18n/engine-message.ts';
import { errorMessage as englishError } from '../../../preload/format.ts';

let catalogOf: () => EngineMessages = () => engine;

/** Where the current language's catalog is read from (called once by engine-text.ts). */
export function useEngineCatalog(read: () => EngineMessages): void {
  catalogOf = read;
}

/** A message of the engine in the current language, else its English text. */
export function engineWords(message: EngineMessage | null | undefined, english: string): string {
  return localText(message, english, catalogOf());
}

/** An error as one sentence: its engine message in the current language when it carries one, else its message. */
export function errorWords(err: unknown): string {
  const message = (err as { engineMessage?: EngineMessage } | null)?.engineMessage;
  return message && err instanceof Error ? engineWords(message, err.message) : englishError(err);
}
