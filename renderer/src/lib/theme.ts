// Dark by default, light on request; the choice is kept in this browser (localStorage).
export type Theme = 'dark' | 'light';
const KEY = 'nvr.theme';

export function loadTheme(): Theme {
  try {
    return localStorage.getItem(KEY) === 'light' ? 'light' : 'dark';
  } catch {
    return 'dark';
  }
}

export function applyTheme(theme: Theme): void {
  document.documentElement.dataset.theme = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // Private windows may refuse; the theme still applies for this visit.
  }
}

/** A small persisted preference (grid layout, timeline span, filters). */
export function loadPref<T>(key: string, fallback: T, valid: (v: unknown) => v is T): T {
  try {
    const raw = localStorage.getItem(`nvr.${key}`);
    if (raw === null) return fallback;
    const v: unknown = JSON.parse(raw);
    return valid(v) ? v : fallback;
  } catch {
    return fallback;
  }
}

export function savePref(key: string, value: unknown): void {
  try {
    localStorage.setItem(`nvr.${key}`, JSON.stringify(value));
  } catch {
    // Not kept; harmless.
  }
}
