// The window's size and position, remembered between runs in window-state.json in the data folder, and put back
// only where it can be seen: a window saved on a monitor that has since been unplugged comes back on the primary
// display rather than off-screen. Pure (the file is read and written with plain fs); no Electron import.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  /** Absent on a first run: the OS centres the window. */
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export const DEFAULT_WINDOW: WindowState = { width: 1280, height: 800, maximized: false };
export const MIN_WIDTH = 800;
export const MIN_HEIGHT = 560;
/** At least this much of the title bar must lie on a display for a saved position to be kept. */
const VISIBLE_MARGIN = 64;

const stateSchema = z.object({
  x: z.number().int().optional(),
  y: z.number().int().optional(),
  width: z.number().int().min(1).max(100_000),
  height: z.number().int().min(1).max(100_000),
  maximized: z.boolean().default(false),
});

export function readWindowState(file: string): WindowState {
  try {
    const parsed = stateSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    return parsed.success ? parsed.data : { ...DEFAULT_WINDOW };
  } catch {
    return { ...DEFAULT_WINDOW };
  }
}

/** Written to a temporary file then renamed: a crash mid-write never leaves half a file. */
export function writeWindowState(file: string, state: WindowState): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state) + '\n', { mode: 0o600 });
  renameSync(tmp, file);
}

function overlap(a: Rect, b: Rect): { w: number; h: number } {
  return {
    w: Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x),
    h: Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y),
  };
}

/**
 * The state clamped to the displays' work areas (the first one is the primary): the size is at most the work area it
 * lands on, at least the minimum; the position is kept when a strip of the title bar is on some display, else the
 * window is centred on the primary display.
 */
export function clampToDisplays(state: WindowState, workAreas: Rect[]): WindowState {
  const primary = workAreas[0];
  if (!primary) return { ...state, width: Math.max(state.width, MIN_WIDTH), height: Math.max(state.height, MIN_HEIGHT) };
  const fit = (area: Rect) => ({
    width: Math.max(Math.min(state.width, area.width), Math.min(MIN_WIDTH, area.width)),
    height: Math.max(Math.min(state.height, area.height), Math.min(MIN_HEIGHT, area.height)),
  });
  if (state.x !== undefined && state.y !== undefined) {
    const titleBar: Rect = { x: state.x, y: state.y, width: state.width, height: 32 };
    const host = workAreas.find((area) => {
      const o = overlap(titleBar, area);
      return o.w >= VISIBLE_MARGIN && o.h > 0;
    });
    if (host) {
      const size = fit(host);
      // Pull the window inside its display where it sticks out.
      const x = Math.min(Math.max(state.x, host.x), host.x + host.width - size.width);
      const y = Math.min(Math.max(state.y, host.y), host.y + host.height - size.height);
      return { x, y, ...size, maximized: state.maximized };
    }
  }
  const size = fit(primary);
  return {
    x: primary.x + Math.round((primary.width - size.width) / 2),
    y: primary.y + Math.round((primary.height - size.height) / 2),
    ...size,
    maximized: state.maximized,
  };
}
