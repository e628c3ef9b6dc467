// A Svelte action for content that opens (a page, an event, a panel): focus moves to it, so a keyboard or screen-reader
// user lands on what they opened instead of on the body. The element is made focusable without entering the tab order
// (tabindex=-1) and is focused without scrolling the page. Give it a key (an event id, a route) to move the focus again
// when the content changes in place. Usage: <section use:focusOnOpen={eventId}>…, or with `{ key, initial: false }`
// to move the focus only when the key changes, not when the element first appears (the shell's <main> on page load,
// where the keyboard's first stop must stay the skip link).
import type { Action } from 'svelte/action';

function focus(node: HTMLElement): void {
  if (!node.isConnected) return;
  // Someone already chose a place inside it (an autofocus field): keep theirs.
  if (node.contains(document.activeElement) && document.activeElement !== document.body) return;
  if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
  node.focus({ preventScroll: true });
}

export interface FocusOptions {
  key: unknown;
  /** Focus when the element first appears too (default true). */
  initial?: boolean;
}

function isOptions(p: unknown): p is FocusOptions {
  return typeof p === 'object' && p !== null && 'key' in p && Object.keys(p).every((k) => k === 'key' || k === 'initial');
}

export const focusOnOpen: Action<HTMLElement, unknown> = (node, param) => {
  const keyOf = (p: unknown) => (isOptions(p) ? p.key : p);
  let last = keyOf(param);
  const initial = isOptions(param) ? param.initial !== false : true;
  // After the frame that rendered it: children that take focus themselves have done so by then.
  let frame = initial ? requestAnimationFrame(() => focus(node)) : 0;
  return {
    update(param: unknown) {
      const next = keyOf(param);
      if (next === last) return;
      last = next;
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(() => focus(node));
    },
    destroy() {
      cancelAnimationFrame(frame);
    },
  };
};
