// Live grid layouts: 1, 4, 9, 16 tiles or automatic (the smallest square grid that holds every camera).
export type GridLayout = 1 | 4 | 9 | 16 | 'auto';
export const gridLayouts: readonly GridLayout[] = ['auto', 1, 4, 9, 16];

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
