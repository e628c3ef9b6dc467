// Messages that are the same words in every language (product and protocol names). The catalog test allows only
// these to equal English in a translation; everything else must be translated.
import type { MessageKey } from './catalog.ts';

export const sameInEveryLanguage: ReadonlySet<MessageKey> = new Set<MessageKey>([]);
