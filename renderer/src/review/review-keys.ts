// The Review screen's keyboard, pure: which key does what, and the event J / K move to.
import type { EventView } from '../../../preload/contract.ts';
// (English from its own area only, for callers that pass no catalog: the page always passes i18n.m)
import { review as en, type ReviewMessages as Catalog } from '../../../preload/i18n/review/en.ts';

export type ReviewKeyAction = 'play-pause' | 'back' | 'forward' | 'previous-event' | 'next-event' | 'help';

/** The shortcuts as the "?" help lists them, in the words of the catalog given (the page passes i18n.m). */
export function shortcuts(m: Catalog = en): ReadonlyArray<{ keys: string; does: string }> {
  return [
    { keys: m.review_key_space, does: m.review_shortcut_play },
    { keys: '← / →', does: m.review_shortcut_step },
    { keys: 'J / K', does: m.review_shortcut_events },
    { keys: m.review_key_shift_drag, does: m.review_shortcut_select },
    { keys: '?', does: m.review_shortcut_help },
  ];
}

/** What a key press does, or null when it is not a Review shortcut (or belongs to a form field). */
export function reviewKeyAction(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean }, target: { tag: string; editable: boolean }): ReviewKeyAction | null {
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  const tag = target.tag.toLowerCase();
  if (target.editable || tag === 'input' || tag === 'select' || tag === 'textarea') return null;
  switch (e.key) {
    case ' ':
      // Space on a button or link presses it.
      return tag === 'button' || tag === 'a' ? null : 'play-pause';
    case 'ArrowLeft':
      return 'back';
    case 'ArrowRight':
      return 'forward';
    case 'j':
    case 'J':
      return 'previous-event';
    case 'k':
    case 'K':
      return 'next-event';
    case '?':
      return 'help';
    default:
      return null;
  }
}

/**
 * The event before (-1) or after (+1) the current one: from the event picked last when there is one, else from the
 * moment `at`. `events` in any order; null when there is none that way.
 */
export function stepEvent(events: readonly EventView[], current: EventView | null, at: number, dir: -1 | 1): EventView | null {
  const sorted = events.slice().sort((a, b) => a.startMs - b.startMs || a.id.localeCompare(b.id));
  if (current) {
    const i = sorted.findIndex((e) => e.id === current.id);
    if (i >= 0) return sorted[i + dir] ?? null;
  }
  if (dir < 0) {
    for (let i = sorted.length - 1; i >= 0; i--) if (sorted[i]!.startMs < at) return sorted[i]!;
    return null;
  }
  return sorted.find((e) => e.startMs > at) ?? null;
}
