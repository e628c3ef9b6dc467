// An event's kind in the owner's words ("Motion", "Person", "Loitering"), from the catalog given (the page passes
// i18n.m); with its zone for loitering where the zone is known ("Loitering in Till area").
import type { EventKind } from '../../../preload/contract.ts';
import type { ReviewMessages as Catalog } from '../../../preload/i18n/review/en.ts';

export function kindText(m: Catalog, kind: EventKind): string {
  return kind === 'motion' ? m.review_kind_motion : kind === 'person' ? m.review_kind_person : m.review_kind_loitering;
}

/** The kind as the event list shows it: loitering names its zone. */
export function kindInZone(m: Catalog, kind: EventKind, zone: string | null): string {
  return kind === 'loitering' && zone ? m.review_loitering_in({ zone }) : kindText(m, kind);
}
