// Live grid layouts: 1, 4, 9, 16 tiles or automatic, and the pure maths that fits the tiles into the space the page
// has: the columns (fixed by the layout or a camera group, or the count that gives the biggest tiles), and each tile's
// size so that every tile keeps its picture's aspect and the whole grid stays inside the width and height given. On a
// phone (a narrow space) there is one column of full-width tiles and the page scrolls down, never sideways.
export type GridLayout = 1 | 4 | 9 | 16 | 'auto';
export const gridLayouts: readonly GridLayout[] = ['auto', 1, 4, 9, 16];

/** At this width and below, tiles are one full-width column (a phone held upright). */
export const PHONE_MAX_WIDTH = 640;

/** Columns and rows of the grid, and how many tiles show. */
export function gridShape(layout: GridLayout, cameraCount: number): { columns: number; rows: number; tiles: number } {
  const n = Math.max(1, cameraCount);
  if (layout === 'auto') {
    const columns = Math.ceil(Math.sqrt(n));
    const rows = Math.ceil(n / columns);
    return { columns, rows, tiles: Math.min(n, 16 * 4) };
  }
  const side = Math.sqrt(layout);
  return { columns: side, rows: side, tiles: layout };
}

/** Pages of a fixed layout when there are more cameras than tiles. */
export function gridPages(layout: GridLayout, cameraCount: number): number {
  if (layout === 'auto') return 1;
  return Math.max(1, Math.ceil(cameraCount / layout));
}

export interface GridSpace {
  /** Tiles to place (at least 1 is assumed). */
  tiles: number;
  /** The space for the grid in CSS pixels. */
  width: number;
  height: number;
  /** The pictures' width / height (16/9 when unknown). */
  aspect: number;
  /** Pixels between tiles. */
  gap: number;
  /** Fixed columns (a layout or a group's column count); absent: the count that gives the biggest tiles. */
  columns?: number;
  /** Fixed rows (a square layout keeps its shape on a page that is not full). */
  rows?: number;
}

export interface GridFit {
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
  /** One full-width column that scrolls down (a phone). */
  stacked: boolean;
}

/** The biggest tiles of `columns` × `rows` that fit the space with the picture's aspect (whole pixels, at least 1). */
function tileFor(space: GridSpace, columns: number, rows: number): { w: number; h: number } {
  const byWidth = (space.width - space.gap * (columns - 1)) / columns;
  const byHeight = ((space.height - space.gap * (rows - 1)) / rows) * space.aspect;
  const w = Math.max(1, Math.floor(Math.min(byWidth, byHeight)));
  return { w, h: Math.max(1, Math.floor(w / space.aspect)) };
}

/** Where the tiles go: columns, rows and a tile size that keeps the whole grid inside the space. */
export function fitGrid(input: GridSpace): GridFit {
  const tiles = Math.max(1, Math.floor(input.tiles));
  const aspect = Number.isFinite(input.aspect) && input.aspect > 0 ? input.aspect : 16 / 9;
  const space = { ...input, tiles, aspect, width: Math.max(1, input.width), height: Math.max(1, input.height), gap: Math.max(0, input.gap) };
  if (space.width <= PHONE_MAX_WIDTH) {
    const w = Math.floor(space.width);
    return { columns: 1, rows: tiles, tileWidth: w, tileHeight: Math.max(1, Math.floor(w / aspect)), stacked: true };
  }
  if (input.columns !== undefined) {
    const columns = Math.max(1, Math.min(tiles, Math.floor(input.columns)));
    const rows = Math.max(input.rows ?? 0, Math.ceil(tiles / columns));
    const t = tileFor(space, columns, rows);
    return { columns, rows, tileWidth: t.w, tileHeight: t.h, stacked: false };
  }
  let best: GridFit | null = null;
  for (let columns = 1; columns <= tiles; columns++) {
    const rows = Math.ceil(tiles / columns);
    const t = tileFor(space, columns, rows);
    // Bigger tiles win; on a tie, fewer empty cells.
    if (!best || t.w > best.tileWidth) best = { columns, rows, tileWidth: t.w, tileHeight: t.h, stacked: false };
  }
  return best as GridFit;
}

/** The aspect the tiles are drawn with: the cameras' own when known (their mean), else 16:9. */
export function tileAspect(sizes: ReadonlyArray<{ width: number | null; height: number | null }>): number {
  const known = sizes.filter((s) => s.width && s.height).map((s) => (s.width as number) / (s.height as number));
  if (known.length === 0) return 16 / 9;
  return known.reduce((a, b) => a + b, 0) / known.length;
}
