// A constant-velocity Kalman filter on one box, as SORT / ByteTrack / DeepSORT do it (pure, no allocation per step).
//
//   state  x = [cx, cy, a, h, vcx, vcy, va, vh]   centre (px), aspect a = w / h, height (px), and their velocities
//                                                   per SECOND (time comes in as milliseconds, frames need not be even)
//   measurement z = [cx, cy, a, h]                  a detector box
//
// Noise is proportional to the box height (ByteTrack's choice): a small far-away person and a large close one are
// followed equally well, and the filter trusts a detection of a 20 px person to a few pixels, not to 20.
// The state and the covariance live in one fixed Float64Array each; scratch space is shared by every filter (the
// module is single-threaded), so predict() and update() allocate nothing.
import type { Box } from '../../../native-workers/motion/motion-types.ts';

const N = 8;
const M = 4;

/** Noise weights, relative to the box height. Tuned for people seen at 1–15 analysed frames per second. */
export interface KalmanNoise {
  /** Measurement noise of the centre and height (fraction of the height). */
  position: number;
  /** Random walk of the velocity, per second (fraction of the height per second, per √s). */
  velocity: number;
  /** Random walk of the position not explained by the velocity (fraction of the height per √s). */
  drift: number;
}

export const defaultKalmanNoise: KalmanNoise = { position: 0.05, velocity: 0.6, drift: 0.05 };

/** Measurement noise of the aspect (w / h), absolute. */
const ASPECT_NOISE = 0.1;
/** Process noise of the aspect per √s, absolute, and of its velocity. */
const ASPECT_DRIFT = 0.02;
const ASPECT_VELOCITY_DRIFT = 1e-4;
/** A box never shrinks below this (px) or this aspect, whatever the velocity says after a long prediction. */
const MIN_HEIGHT = 2;
const MIN_ASPECT = 0.05;

// Shared scratch (see the header).
const S = new Float64Array(M * M);
const SInv = new Float64Array(M * M);
const K = new Float64Array(N * M);
const PHt = new Float64Array(N * M);
const innov = new Float64Array(M);
const A = new Float64Array(M * M);

export class KalmanBox {
  /** [cx, cy, a, h, vcx, vcy, va, vh] */
  readonly x = new Float64Array(N);
  /** Covariance, row-major N × N. */
  readonly P = new Float64Array(N * N);
  /** Time (ms) the state describes. */
  time = 0;

  constructor(private readonly noise: KalmanNoise = defaultKalmanNoise) {}

  /** Starts the filter on a first detection, with zero velocity and a wide velocity uncertainty. */
  init(box: Box, time: number): void {
    const h = Math.max(MIN_HEIGHT, box.h);
    const x = this.x;
    x[0] = box.x + box.w / 2;
    x[1] = box.y + box.h / 2;
    x[2] = Math.max(MIN_ASPECT, box.w / h);
    x[3] = h;
    x[4] = x[5] = x[6] = x[7] = 0;
    this.P.fill(0);
    const p = 2 * this.noise.position * h;
    // A person can walk at up to about two body heights per second; the first update pins the velocity down.
    const v = 1.5 * h;
    this.setDiag([p, p, 2 * ASPECT_NOISE, p, v, v, 1e-2, 0.2 * h]);
    this.time = time;
  }

  /**
   * Moves the state forward to `time` (ms). A time in the past or equal is a no-op. `still`: the object is known to
   * stand still (a stationary track): only the small position drift grows, so a track re-checked every 10 s does not
   * come back with a search area the size of the frame.
   */
  predict(time: number, still = false): void {
    const dt = (time - this.time) / 1000;
    if (!(dt > 0)) return;
    this.time = time;
    const x = this.x;
    const P = this.P;
    for (let i = 0; i < M; i++) x[i]! += dt * x[i + M]!;
    if (x[3]! < MIN_HEIGHT) x[3] = MIN_HEIGHT;
    if (x[2]! < MIN_ASPECT) x[2] = MIN_ASPECT;
    // P = F P Fᵀ with F = [[I, dt·I], [0, I]]: rows i += dt·row(i+4), then columns j += dt·column(j+4).
    for (let i = 0; i < M; i++) {
      const ri = i * N;
      const rv = (i + M) * N;
      for (let j = 0; j < N; j++) P[ri + j]! += dt * P[rv + j]!;
    }
    for (let r = 0; r < N; r++) {
      const row = r * N;
      for (let j = 0; j < M; j++) P[row + j]! += dt * P[row + j + M]!;
    }
    // Q: random walks, variance growing linearly with dt.
    const h = x[3]!;
    const d = this.noise.drift * h;
    const v = this.noise.velocity * h;
    P[0]! += d * d * dt;
    P[N + 1]! += d * d * dt;
    P[2 * N + 2]! += ASPECT_DRIFT * ASPECT_DRIFT * dt;
    P[3 * N + 3]! += d * d * dt;
    if (still) return;
    P[4 * N + 4]! += v * v * dt;
    P[5 * N + 5]! += v * v * dt;
    P[6 * N + 6]! += ASPECT_VELOCITY_DRIFT * dt;
    P[7 * N + 7]! += 0.25 * v * v * dt;
  }

  /** Corrects the state with a detector box seen at the filter's current time (predict to it first). */
  update(box: Box): void {
    const x = this.x;
    const P = this.P;
    const h = Math.max(MIN_HEIGHT, box.h);
    innov[0] = box.x + box.w / 2 - x[0]!;
    innov[1] = box.y + box.h / 2 - x[1]!;
    innov[2] = Math.max(MIN_ASPECT, box.w / h) - x[2]!;
    innov[3] = h - x[3]!;
    const r = this.noise.position * x[3]!;
    const rr = r * r;
    // S = H P Hᵀ + R (the top-left 4 × 4 block of P plus R); PHt = P Hᵀ (the first 4 columns of P).
    for (let i = 0; i < M; i++) {
      for (let j = 0; j < M; j++) S[i * M + j] = P[i * N + j]!;
    }
    S[0]! += rr;
    S[M + 1]! += rr;
    S[2 * M + 2]! += ASPECT_NOISE * ASPECT_NOISE;
    S[3 * M + 3]! += rr;
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < M; j++) PHt[i * M + j] = P[i * N + j]!;
    }
    if (!invert4(S, SInv)) return; // degenerate covariance: keep the prediction rather than poison the state
    // K = PHt S⁻¹
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < M; j++) {
        let s = 0;
        for (let k = 0; k < M; k++) s += PHt[i * M + k]! * SInv[k * M + j]!;
        K[i * M + j] = s;
      }
    }
    // x += K y; P -= K (H P) where H P = the first 4 rows of P = PHtᵀ (P is symmetric).
    for (let i = 0; i < N; i++) {
      let s = 0;
      for (let k = 0; k < M; k++) s += K[i * M + k]! * innov[k]!;
      x[i]! += s;
    }
    for (let i = 0; i < N; i++) {
      for (let j = 0; j < N; j++) {
        let s = 0;
        for (let k = 0; k < M; k++) s += K[i * M + k]! * PHt[j * M + k]!;
        P[i * N + j]! -= s;
      }
    }
    // Keep P exactly symmetric against rounding.
    for (let i = 0; i < N; i++) {
      for (let j = i + 1; j < N; j++) {
        const m = (P[i * N + j]! + P[j * N + i]!) / 2;
        P[i * N + j] = m;
        P[j * N + i] = m;
      }
    }
    if (x[3]! < MIN_HEIGHT) x[3] = MIN_HEIGHT;
    if (x[2]! < MIN_ASPECT) x[2] = MIN_ASPECT;
  }

  /** The object stopped: velocity zero and known to be about zero (see predict's `still`). */
  freeze(): void {
    const x = this.x;
    const P = this.P;
    for (let i = M; i < N; i++) {
      x[i] = 0;
      for (let j = 0; j < N; j++) {
        P[i * N + j] = 0;
        P[j * N + i] = 0;
      }
    }
    const v = 0.005 * x[3]!;
    P[4 * N + 4] = v * v;
    P[5 * N + 5] = v * v;
    P[6 * N + 6] = 1e-4;
    P[7 * N + 7] = v * v;
  }

  /** The object moves again: its velocity is unknown (as at init), so the next detections set it quickly. */
  thaw(): void {
    const P = this.P;
    const v = 1.5 * this.x[3]!;
    P[4 * N + 4]! += v * v;
    P[5 * N + 5]! += v * v;
  }

  /** The filtered box, written into `out` (returned). */
  box(out: Box): Box {
    return this.boxAt(this.time, out);
  }

  /** The box extrapolated to `time` along the velocity, without changing the state. */
  boxAt(time: number, out: Box): Box {
    const x = this.x;
    const dt = Math.max(0, (time - this.time) / 1000);
    const h = Math.max(MIN_HEIGHT, x[3]! + dt * x[7]!);
    const w = Math.max(MIN_ASPECT, x[2]! + dt * x[6]!) * h;
    out.x = x[0]! + dt * x[4]! - w / 2;
    out.y = x[1]! + dt * x[5]! - h / 2;
    out.w = w;
    out.h = h;
    return out;
  }

  /** Velocity of the centre along x and y, px per second. */
  get velocityX(): number {
    return this.x[4]!;
  }

  get velocityY(): number {
    return this.x[5]!;
  }

  /** Speed of the centre, px per second. */
  get speed(): number {
    return Math.hypot(this.x[4]!, this.x[5]!);
  }

  /** Standard deviation (px) of the predicted centre, the larger axis: how far to look for this box. */
  get centreSigma(): number {
    return Math.sqrt(Math.max(this.P[0]!, this.P[N + 1]!));
  }

  private setDiag(values: readonly number[]): void {
    for (let i = 0; i < N; i++) this.P[i * N + i] = values[i]! * values[i]!;
  }
}

/** Inverts a 4 × 4 matrix by Gauss–Jordan elimination with partial pivoting; false when it is singular. */
function invert4(a: Float64Array, out: Float64Array): boolean {
  // Works on a copy in `A` (module scratch) so `a` stays intact.
  A.set(a);
  out.fill(0);
  for (let i = 0; i < M; i++) out[i * M + i] = 1;
  for (let c = 0; c < M; c++) {
    let p = c;
    for (let r = c + 1; r < M; r++) if (Math.abs(A[r * M + c]!) > Math.abs(A[p * M + c]!)) p = r;
    const pivot = A[p * M + c]!;
    if (!(Math.abs(pivot) > 1e-12)) return false;
    if (p !== c) {
      for (let j = 0; j < M; j++) {
        swap(A, p * M + j, c * M + j);
        swap(out, p * M + j, c * M + j);
      }
    }
    for (let j = 0; j < M; j++) {
      A[c * M + j]! /= pivot;
      out[c * M + j]! /= pivot;
    }
    for (let r = 0; r < M; r++) {
      if (r === c) continue;
      const f = A[r * M + c]!;
      if (f === 0) continue;
      for (let j = 0; j < M; j++) {
        A[r * M + j]! -= f * A[c * M + j]!;
        out[r * M + j]! -= f * out[c * M + j]!;
      }
    }
  }
  return true;
}

function swap(arr: Float64Array, i: number, j: number): void {
  const t = arr[i]!;
  arr[i] = arr[j]!;
  arr[j] = t;
}
