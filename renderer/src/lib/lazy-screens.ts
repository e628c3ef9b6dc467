// The screens loaded when they are first opened, each with the lazy message areas it reads (preload/i18n/catalog-page.ts):
// App.svelte shows each through components/LazyView.svelte, and the bundle benchmark (tests/bench/bundle-size.bench.ts)
// measures each from its file. The shell, Live and Health are in the page's entry and read only first-paint areas.
import type { LazyArea } from '../../../preload/i18n/catalog-page.ts';

export interface LazyScreen {
  /** The screen's component, from renderer/src/. */
  file: string;
  areas: readonly LazyArea[];
}

export const lazyScreens = {
  review: { file: 'views/ReviewView.svelte', areas: ['review'] },
  exports: { file: 'views/ExportsView.svelte', areas: ['review'] },
  // (the schedule editor in Settings is the wizard's own, with its words)
  settings: { file: 'views/SettingsView.svelte', areas: ['settings', 'wizard'] },
  cameraEditor: { file: 'components/CameraEditor.svelte', areas: ['wizard'] },
} as const satisfies Record<string, LazyScreen>;
