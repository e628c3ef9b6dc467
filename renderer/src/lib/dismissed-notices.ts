// The shell's system notices ("Notifications cannot be shown: …") can be dismissed. A dismissed sentence stays hidden
// for this browser session while it is still the same sentence; a notice whose text changes, or that goes away and
// comes back later, is shown again. Pure, with the session's memory passed in.

export interface NoticeMemory {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

const KEY = 'nvr.dismissed-notices';

function read(memory: NoticeMemory | null): string[] {
  try {
    const parsed: unknown = JSON.parse(memory?.getItem(KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter((s): s is string => typeof s === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The notices to show now. `known`: the notices are the NVR's answer (not the empty list before its health arrived):
 * only then are the dismissals of notices that went away forgotten.
 */
export function visibleNotices(notices: readonly string[], memory: NoticeMemory | null, known = true): string[] {
  const dismissed = read(memory);
  const current = known ? dismissed.filter((d) => notices.includes(d)) : dismissed;
  if (current.length !== dismissed.length) memory?.setItem(KEY, JSON.stringify(current));
  return notices.filter((n) => !current.includes(n));
}

/** Hides one notice for the rest of the session (while its sentence stays the same). */
export function dismissNotice(notice: string, memory: NoticeMemory | null): void {
  const dismissed = read(memory);
  if (!dismissed.includes(notice)) memory?.setItem(KEY, JSON.stringify([...dismissed, notice]));
}
