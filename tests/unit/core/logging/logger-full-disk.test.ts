// A log file on a full disk never ends the process: /dev/full answers every write with ENOSPC, for real. Without the
// logger's own listener the stream's 'error' event would be an uncaught exception (vitest fails the run on one).
import { describe, expect, it, vi } from 'vitest';
import { existsSync } from 'node:fs';
import { pino } from 'pino';
import { createLogger } from '../../../../main/core/logging/logger.ts';

describe.runIf(existsSync('/dev/full'))('logger on a full disk', () => {
  it('lines that cannot be written are dropped, said once on standard error; the process goes on logging', async () => {
    const said: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (said.push(String(chunk)), true));
    try {
      const dest = pino.destination({ dest: '/dev/full', sync: false });
      const logger = createLogger({ level: 'info', destination: dest });
      for (let i = 0; i < 2000; i++) logger.info({ cameraId: 'cam', i }, 'a line that the disk refuses');
      await new Promise((r) => setTimeout(r, 300));
      logger.warn('and more after the failure');
      await new Promise((r) => setTimeout(r, 300));
      expect(dest.listenerCount('error')).toBe(1);
    } finally {
      spy.mockRestore();
    }
    const notes = said.filter((l) => l.startsWith('log lines cannot be written'));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('ENOSPC');
  });
});
