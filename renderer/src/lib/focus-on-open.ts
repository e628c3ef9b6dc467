// A Svelte action for content that opens (a page, an event, a panel): focus moves to it, so a keyboard or screen-reader
// user lands on what they opened instead of on the body. The element is made focusable without entering the tab order
// (tabindex=-1) and is focused without scrolling the page. Give it a key (an event id, a route) to move the focus again
// when the content changes in place. Usage: <section use:focusOnOpen={eventId}>…
import type { Action } from 'svelte/action';

function focus(node: HTMLElement): void {
  if (!node.isConnected) return;
  // Someone already chose a place inside it (an autofocus field): keep theirs.
  if (node.contains(document.activeElement) && document.activeElement !== document.body) return;
  if (!node.hasAttribute('tabindex')) node.setAttribute('tabindex', '-1');
  node.focus({ preventScroll: true });
}

export const focusOnOpen: Action<HTMLElement, unknown> = (node, key) => {
  let last = key;
  // After the frame that rendered it: children that take focus themselves have done so by then.
  let frame = requestAnimationFrame(() => focus(node));
  return {
    update(next: unknown) {
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
