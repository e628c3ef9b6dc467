// The engine's sentences on the wire: a message key of the engine area (preload/i18n/engine/en.ts) with its
// parameters, carried next to the English text (which the CLI, the logs and older clients keep using). The core
// writes each sentence once, with `say(key, params)`: it gives both the message and its English text.
import { z } from 'zod';
import { engine, type EngineMessages } from './engine/en.ts';

export type EngineKey = keyof EngineMessages;
/** What a message of the engine area takes: nothing for a plain sentence, else its one object parameter. */
export type EngineParams<K extends EngineKey> = EngineMessages[K] extends (p: infer P) => string ? P : Record<string, never>;

export const engineKeys = Object.keys(engine) as [EngineKey, ...EngineKey[]];

export const engineMessageSchema = z
  .object({
    key: z.enum(engineKeys),
    params: z.record(z.string().max(64), z.union([z.string().max(2000), z.number()])),
  })
  .strict();

/** A sentence of the engine as a message: the UI shows it in the owner's language. */
export interface EngineMessage {
  key: EngineKey;
  params: Record<string, string | number>;
}

/** A sentence said once: its message for the UI and its English text for the CLI, the logs and older clients. */
export interface Said {
  text: string;
  message: EngineMessage;
}

/** The engine message an error body (or any answer) carries, when it is a valid one; else undefined. */
export function engineMessageOf(body: { engineMessage?: unknown } | undefined): EngineMessage | undefined {
  const parsed = engineMessageSchema.safeParse(body?.engineMessage);
  return parsed.success ? parsed.data : undefined;
}

/** The English text of a message (any catalog with the engine's keys renders it the same way). */
export function textOf(message: EngineMessage, catalog: EngineMessages = engine): string {
  const entry = catalog[message.key] as string | ((p: Record<string, string | number>) => string);
  return typeof entry === 'function' ? entry(message.params) : entry;
}

/**
 * A message in a language's catalog, else the English it came with: an unknown key (an engine newer than the page)
 * or no message at all (an older engine, a sentence with words of ffmpeg's own) shows the English.
 */
export function localText(message: EngineMessage | null | undefined, english: string, catalog: EngineMessages): string {
  if (!message) return english;
  const entry: unknown = Object.hasOwn(catalog, message.key) ? catalog[message.key] : undefined;
  if (typeof entry === 'string') return entry;
  if (typeof entry !== 'function') return english;
  try {
    return (entry as (p: Record<string, string | number>) => string)(message.params);
  } catch {
    return english;
  }
}

/** Makes a message of the engine area and its English text. */
export function say<K extends EngineKey>(key: K, ...params: EngineParams<K> extends Record<string, never> ? [] : [EngineParams<K>]): Said {
  const message: EngineMessage = { key, params: { ...(params[0] ?? {}) } as Record<string, string | number> };
  return { text: textOf(message), message };
}
