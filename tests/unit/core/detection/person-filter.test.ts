import { describe, it, expect } from 'vitest';
import { filterPersons, insidePolygon } from '../../../../main/core/detection/person-filter.ts';
import { detectionSettingsSchema, type DetectionSettings } from '../../../../preload/settings-schema.ts';

const W = 640;
const H = 480;

function settings(over: Partial<DetectionSettings> = {}): DetectionSettings {
  return { ...detectionSettingsSchema.parse({}), ...over };
}

describe('filterPersons', () => {
  it('drops persons below the score threshold', () => {
    const persons = [
      { box: { x: 10, y: 10, w: 50, h: 120 }, score: 0.49 },
      { box: { x: 100, y: 10, w: 50, h: 120 }, score: 0.5 },
      { box: { x: 200, y: 10, w: 50, h: 120 }, score: 0.9 },
    ];
    const kept = filterPersons(persons, W, H, settings({ scoreThreshold: 0.5 }));
    expect(kept.map((p) => p.score)).toEqual([0.5, 0.9]);
  });

  it('drops persons smaller than the minimum area ratio of the frame', () => {
    // 1 % of 640 × 480 = 3072 px².
    const persons = [
      { box: { x: 0, y: 0, w: 30, h: 100 }, score: 0.9 }, // 3000 px²
      { box: { x: 0, y: 0, w: 32, h: 96 }, score: 0.8 }, // 3072 px²
    ];
    const kept = filterPersons(persons, W, H, settings({ minPersonAreaRatio: 0.01 }));
    expect(kept).toEqual([{ box: { x: 0, y: 0, w: 32, h: 96 }, score: 0.8 }]);
  });

  it('with zones, keeps only persons whose feet are inside one', () => {
    const doorway: [number, number][] = [
      [0, 0.5],
      [0.5, 0.5],
      [0.5, 1],
      [0, 1],
    ];
    const till: [number, number][] = [
      [0.7, 0.1],
      [0.9, 0.1],
      [0.8, 0.4],
    ];
    const s = settings({ zones: [doorway, till] });
    const persons = [
      // feet at (0.25, 0.9): in the doorway
      { box: { x: 140, y: 232, w: 40, h: 200 }, score: 0.9 },
      // head in the doorway, feet at (0.25, 0.45): outside every zone
      { box: { x: 140, y: 16, w: 40, h: 200 }, score: 0.9 },
      // feet at (0.8, 0.25): in the till triangle
      { box: { x: 492, y: 40, w: 40, h: 80 }, score: 0.7 },
      // feet at (0.75, 0.9): nowhere
      { box: { x: 460, y: 332, w: 40, h: 100 }, score: 0.95 },
      // feet on the frame's bottom edge (0.25, 1.0): on the doorway's edge counts as inside
      { box: { x: 140, y: 280, w: 40, h: 200 }, score: 0.6 },
    ];
    const kept = filterPersons(persons, W, H, s);
    expect(kept.map((p) => p.score)).toEqual([0.9, 0.7, 0.6]);
    expect(kept[0]!.box).toEqual({ x: 140, y: 232, w: 40, h: 200 });
  });

  it('keeps everyone big and sure enough when there are no zones', () => {
    const persons = [
      { box: { x: 0, y: 0, w: 40, h: 100 }, score: 0.7 },
      { box: { x: 600, y: 380, w: 40, h: 100 }, score: 0.6 },
    ];
    expect(filterPersons(persons, W, H, settings())).toHaveLength(2);
    expect(filterPersons([], W, H, settings())).toEqual([]);
  });
});

describe('insidePolygon', () => {
  it('uses the even-odd rule with edges inside', () => {
    const square = [
      [0.2, 0.2],
      [0.8, 0.2],
      [0.8, 0.8],
      [0.2, 0.8],
    ] as [number, number][];
    expect(insidePolygon(0.5, 0.5, square)).toBe(true);
    expect(insidePolygon(0.1, 0.5, square)).toBe(false);
    expect(insidePolygon(0.8, 0.5, square)).toBe(true);
    expect(insidePolygon(0.5, 0.5, square.slice(0, 2))).toBe(false);
  });
});
