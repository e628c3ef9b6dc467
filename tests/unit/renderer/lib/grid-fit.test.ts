// The live grid's fit: the tiles chosen for a space keep the picture's aspect and never spill out of the width or the
// height given (the 1280×800 and 1920×1080 screens of issue 15), and a phone gets one full-width column.
import { describe, expect, it } from 'vitest';
import { fitGrid, tileAspect, PHONE_MAX_WIDTH, type GridFit } from '../../../../renderer/src/lib/grid.ts';

const GAP = 6;
function gridWidth(f: GridFit): number {
  return f.columns * f.tileWidth + (f.columns - 1) * GAP;
}
function gridHeight(f: GridFit): number {
  return f.rows * f.tileHeight + (f.rows - 1) * GAP;
}

describe('fitGrid', () => {
  it('fits three 16:9 cameras inside 1280×800 and 1920×1080 spaces (the third tile no longer runs off)', () => {
    for (const [width, height] of [
      [1248, 690],
      [1888, 970],
    ] as const) {
      const f = fitGrid({ tiles: 3, width, height, aspect: 16 / 9, gap: GAP });
      expect(f.columns * f.rows).toBeGreaterThanOrEqual(3);
      expect(gridWidth(f)).toBeLessThanOrEqual(width);
      expect(gridHeight(f)).toBeLessThanOrEqual(height);
      expect(f.stacked).toBe(false);
      expect(Math.abs(f.tileWidth / f.tileHeight - 16 / 9)).toBeLessThan(0.02);
    }
  });

  it('picks the column count that gives the biggest tiles', () => {
    // Wide and low: three side by side beat a 2×2 with one empty cell.
    expect(fitGrid({ tiles: 3, width: 1800, height: 400, aspect: 16 / 9, gap: GAP }).columns).toBe(3);
    // Tall: one above the other.
    expect(fitGrid({ tiles: 3, width: 700, height: 1300, aspect: 16 / 9, gap: GAP }).columns).toBe(1);
    // Square-ish space, four cameras: 2×2.
    const four = fitGrid({ tiles: 4, width: 1248, height: 700, aspect: 16 / 9, gap: GAP });
    expect([four.columns, four.rows]).toEqual([2, 2]);
  });

  it('limits the tiles by the height when the height is what runs out', () => {
    const f = fitGrid({ tiles: 4, width: 1900, height: 500, aspect: 16 / 9, gap: GAP, columns: 2, rows: 2 });
    expect(f.tileHeight).toBe(Math.floor(Math.floor(((500 - GAP) / 2) * (16 / 9)) / (16 / 9)));
    expect(gridHeight(f)).toBeLessThanOrEqual(500);
    expect(gridWidth(f)).toBeLessThan(1900);
  });

  it("keeps a fixed layout's shape on a page that is not full, and a group's column count", () => {
    const layout = fitGrid({ tiles: 9, width: 1248, height: 690, aspect: 16 / 9, gap: GAP, columns: 3, rows: 3 });
    expect([layout.columns, layout.rows]).toEqual([3, 3]);
    const group = fitGrid({ tiles: 5, width: 1248, height: 690, aspect: 4 / 3, gap: GAP, columns: 2 });
    expect([group.columns, group.rows]).toEqual([2, 3]);
    expect(gridHeight(group)).toBeLessThanOrEqual(690);
    // More columns than cameras: no empty columns.
    expect(fitGrid({ tiles: 2, width: 1248, height: 690, aspect: 16 / 9, gap: GAP, columns: 4 }).columns).toBe(2);
  });

  it('stacks full-width tiles on a phone, whatever the layout', () => {
    for (const columns of [undefined, 3]) {
      const f = fitGrid({ tiles: 4, width: 366, height: 700, aspect: 16 / 9, gap: GAP, columns });
      expect(f).toEqual({ columns: 1, rows: 4, tileWidth: 366, tileHeight: Math.floor(366 / (16 / 9)), stacked: true });
    }
    expect(fitGrid({ tiles: 1, width: PHONE_MAX_WIDTH + 1, height: 500, aspect: 16 / 9, gap: GAP }).stacked).toBe(false);
  });

  it('survives nonsense: no space, no tiles, an unknown aspect', () => {
    const f = fitGrid({ tiles: 0, width: 0, height: -5, aspect: Number.NaN, gap: GAP });
    expect(f.tileWidth).toBeGreaterThanOrEqual(1);
    expect(f.tileHeight).toBeGreaterThanOrEqual(1);
    const g = fitGrid({ tiles: 2, width: 1000, height: 10, aspect: 0, gap: GAP });
    expect(g.tileHeight).toBeLessThanOrEqual(10);
  });
});

describe('tileAspect', () => {
  it("is the cameras' mean aspect when known, else 16:9", () => {
    expect(tileAspect([])).toBeCloseTo(16 / 9);
    expect(tileAspect([{ width: null, height: null }])).toBeCloseTo(16 / 9);
    expect(tileAspect([{ width: 640, height: 360 }, { width: 640, height: 480 }])).toBeCloseTo((16 / 9 + 4 / 3) / 2);
  });
});
