import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Tests run under plain Node against real parts (ffmpeg, GStreamer RTSP server, SQLite, worker threads, the model).
// Worker threads load the bundles in out/ that `npm run build` makes (npm test builds first).
//
// Two groups, one after the other. The unit tests (pure code, no processes) run two files at a time. The tests with
// real parts then run one file at a time: each plays real footage in real time through ffmpeg, the RTSP server, the
// motion and detection workers and often Chromium, and on a 2-core machine two such files at once starve each other
// (CI saw a visit's person missed, a camera not streaming within 30 s, metrics not moving within 60 s). One file at a
// time gives each the machine a shop PC gives the NVR; the suite takes longer and stays well inside CI's time.
const shared = { pool: 'forks' as const, testTimeout: 30_000, hookTimeout: 60_000 };

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      // The Svelte plugin compiles runes modules (*.svelte.ts) the unit tests import: renderer/src/lib/format.ts reads the
      // page's language from lib/i18n.svelte.ts.
      { plugins: [svelte({ configFile: false })], test: { ...shared, name: 'unit', include: ['tests/unit/**/*.test.ts'], maxWorkers: 2, sequence: { groupOrder: 0 } } },
      {
        test: {
          ...shared,
          name: 'real-parts',
          include: ['tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
