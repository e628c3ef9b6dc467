import { defineConfig } from 'vitest/config';

// Tests run under plain Node against real parts (ffmpeg, GStreamer RTSP server, SQLite, worker threads, the model).
// Worker threads load the bundles in out/ that `npm run build` makes (npm test builds first).
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
    pool: 'forks',
    // 2-core machines: integration tests start ffmpeg and RTSP servers; running two files at once is the most they bear.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
