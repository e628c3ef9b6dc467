// Events pushed by the NVR (opened, updated, closed), from one subscription for the whole page: the latest view of
// each event changed since the page connected (the newest 200), and listeners for views that merge changes into a list
// of their own (the timeline, an event's page). One instance, `events`; App.svelte connects it.
import type { EventView } from '../../../preload/contract.ts';
import type { BrowserApi } from '../api/ws-api.ts';

export type EventChange = 'opened' | 'updated' | 'closed';

const KEPT = 200;

export class EventsState {
  /** The latest view of each event pushed since the page connected, oldest change first. */
  recent = $state<EventView[]>([]);
  /** Events still open among them (an event in progress on a camera). */
  readonly open = $derived(this.recent.filter((e) => e.endMs === null));
  // eslint-disable-next-line svelte/prefer-svelte-reactivity -- listeners, not shown: no reactivity wanted
  private readonly listeners = new Set<(event: EventView, change: EventChange) => void>();

  /** Subscribes to the client; call the result to stop. */
  connect(client: BrowserApi): () => void {
    const offs = (['opened', 'updated', 'closed'] as const).map((change) => client.on(`event.${change}`, (e) => this.push(e, change)));
    return () => offs.forEach((off) => off());
  }

  /** Calls `listener` with every pushed change; call the result to stop. */
  onChange(listener: (event: EventView, change: EventChange) => void): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  get(id: string): EventView | null {
    return this.recent.find((e) => e.id === id) ?? null;
  }

  private push(event: EventView, change: EventChange): void {
    const next = this.recent.filter((e) => e.id !== event.id);
    next.push(event);
    this.recent = next.length > KEPT ? next.slice(next.length - KEPT) : next;
    for (const l of this.listeners) l(event, change);
  }
}

export const events = new EventsState();
