// The constant-velocity Kalman box: follows a steady walk, learns the velocity, predicts through a gap, smooths jitter.
import { describe, expect, it } from 'vitest';
import { KalmanBox } from '../../../../main/core/tracking/kalman-box.ts';

const box = { x: 0, y: 0, w: 0, h: 0 };

describe('KalmanBox', () => {
  it('starts on the first box and keeps it when predicted with no time passing', () => {
    const k = new KalmanBox();
    k.init({ x: 100, y: 50, w: 40, h: 100 }, 1000);
    k.predict(1000);
    expect(k.box(box)).toEqual({ x: 100, y: 50, w: 40, h: 100 });
    expect(k.speed).toBe(0);
  });

  it('learns a steady walk (100 px/s at 5 fps) and predicts through a 1 s gap', () => {
    const k = new KalmanBox();
    k.init({ x: 0, y: 200, w: 40, h: 100 }, 0);
    for (let i = 1; i <= 15; i++) {
      const t = i * 200;
      k.predict(t);
      k.update({ x: i * 20, y: 200, w: 40, h: 100 });
    }
    expect(k.x[4]).toBeGreaterThan(90);
    expect(k.x[4]).toBeLessThan(110);
    expect(Math.abs(k.x[5]!)).toBeLessThan(5);
    // No detections for a second: the prediction walks on.
    k.predict(4000);
    const p = k.box(box);
    expect(p.x).toBeGreaterThan(380);
    expect(p.x).toBeLessThan(420);
    expect(p.h).toBeGreaterThan(95);
    expect(p.h).toBeLessThan(105);
  });

  it('smooths ±3 px jitter on a standing person (the filtered centre moves less than the detections)', () => {
    const k = new KalmanBox();
    k.init({ x: 300, y: 100, w: 40, h: 100 }, 0);
    let maxDev = 0;
    for (let i = 1; i <= 100; i++) {
      const j = i % 2 === 0 ? 3 : -3;
      k.predict(i * 200);
      k.update({ x: 300 + j, y: 100 - j, w: 40, h: 100 });
      if (i > 10) maxDev = Math.max(maxDev, Math.abs(k.box(box).x - 300));
    }
    expect(maxDev).toBeLessThan(2);
    expect(k.speed).toBeLessThan(15); // 0.15 box heights per second
  });

  it('boxAt extrapolates without changing the state; freeze stops the drift', () => {
    const k = new KalmanBox();
    k.init({ x: 0, y: 0, w: 20, h: 50 }, 0);
    for (let i = 1; i <= 10; i++) {
      k.predict(i * 200);
      k.update({ x: i * 10, y: 0, w: 20, h: 50 });
    }
    const before = Array.from(k.x);
    const later = k.boxAt(3000, { x: 0, y: 0, w: 0, h: 0 });
    expect(later.x).toBeGreaterThan(k.box(box).x + 40);
    expect(Array.from(k.x)).toEqual(before);
    k.freeze();
    const sigma = k.centreSigma;
    k.predict(12_000, true);
    expect(k.box(box).x).toBeCloseTo(before[0]! - 10, 6);
    expect(k.centreSigma).toBeLessThan(sigma + 10);
  });
});
