// The live overlay: the latest motion and person boxes of one camera drawn on a canvas over its video, aligned with
// the displayed (letterboxed) picture, fading out. Draws only while something is visible (one requestAnimationFrame
// loop per tile, idle otherwise); reuses its rectangles. Person boxes carry their label ("person 87 %"). Counts what
// it drew in data attributes (and the last labels), so tests can see it.
import type { Box } from '../../../preload/contract.ts';
import { personLabel } from './tile-truth.ts';
import { i18n } from '../lib/i18n.svelte.ts';
import { containRect, fadeAlpha, mapBox, type Rect } from '../lib/letterbox.ts';
import { hidpiContext } from '../lib/hidpi-canvas.ts';

type ScoredBox = Box & { score?: number };

interface Layer {
  boxes: ScoredBox[];
  frameW: number;
  frameH: number;
  at: number;
}

interface Pending extends Layer {
  kind: 'motion' | 'person';
  dueAt: number;
}

const HOLD_MS = 700;
const FADE_MS = 900;
/** Boxes reach the page this long after their frame was captured (decode, analysis, push): less to wait for. */
const ANALYSIS_DELAY_MS = 150;
/** Never hold boxes back longer than this (a stalled player must not bury them). */
const MAX_DELAY_MS = 4000;

export class LiveOverlay {
  private motion: Layer | null = null;
  private persons: Layer | null = null;
  private frame = 0;
  private readonly scratch: Rect = { x: 0, y: 0, w: 0, h: 0 };
  private drawnMotion = 0;
  private drawnPersons = 0;
  private readonly colors = { motion: '#f0a030', person: '#ff5c8a' };

  private readonly pending: Pending[] = [];

  /** `videoLagMs` says how far the video on screen is behind real time, so boxes are shown with their picture. */
  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly video: HTMLVideoElement,
    private readonly videoLagMs: () => number | null = () => null,
  ) {
    const style = getComputedStyle(canvas);
    this.colors.motion = style.getPropertyValue('--motion').trim() || this.colors.motion;
    this.colors.person = style.getPropertyValue('--person').trim() || this.colors.person;
  }

  showMotion(boxes: Box[], frameW: number, frameH: number): void {
    this.schedule('motion', boxes, frameW, frameH);
  }

  showPersons(boxes: ScoredBox[], frameW: number, frameH: number): void {
    this.schedule('person', boxes, frameW, frameH);
  }

  private schedule(kind: 'motion' | 'person', boxes: ScoredBox[], frameW: number, frameH: number): void {
    const now = performance.now();
    const lag = this.videoLagMs();
    const delay = lag === null ? 0 : Math.min(MAX_DELAY_MS, Math.max(0, lag - ANALYSIS_DELAY_MS));
    if (lag !== null) this.canvas.dataset.videoLagMs = String(Math.round(lag));
    this.pending.push({ kind, boxes, frameW, frameH, at: now, dueAt: now + delay });
    this.kick();
  }

  /** Moves the boxes whose picture is now on screen into view. */
  private promote(now: number): void {
    let i = 0;
    while (i < this.pending.length) {
      const p = this.pending[i] as Pending;
      if (p.dueAt > now) {
        i++;
        continue;
      }
      this.pending.splice(i, 1);
      const layer: Layer | null = p.boxes.length ? { boxes: p.boxes, frameW: p.frameW, frameH: p.frameH, at: now } : null;
      if (p.kind === 'motion') {
        this.motion = layer;
        if (layer) this.canvas.dataset.motionBoxesDrawn = String((this.drawnMotion += p.boxes.length));
      } else {
        this.persons = layer;
        if (layer) {
          this.canvas.dataset.personBoxesDrawn = String((this.drawnPersons += p.boxes.length));
          this.canvas.dataset.personLabels = p.boxes.map((b) => personLabel(b.score, i18n.m)).join('; ');
        }
      }
    }
  }

  /** The box's label on a dark plate above it (inside the box when there is no room above). */
  private label(ctx: CanvasRenderingContext2D, text: string, r: Rect, color: string): void {
    ctx.font = '600 12px system-ui, sans-serif';
    const w = ctx.measureText(text).width + 8;
    const h = 16;
    const y = r.y >= h ? r.y - h : r.y;
    ctx.fillStyle = 'rgba(0, 0, 0, 0.75)';
    ctx.fillRect(r.x, y, w, h);
    ctx.fillStyle = color;
    ctx.fillRect(r.x, y, 3, h);
    ctx.fillStyle = '#fff';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, r.x + 5, y + h / 2);
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    this.frame = 0;
  }

  private kick(): void {
    if (!this.frame) this.frame = requestAnimationFrame(() => this.draw());
  }

  private draw(): void {
    this.frame = 0;
    const canvas = this.canvas;
    const cssW = canvas.clientWidth;
    const cssH = canvas.clientHeight;
    const ctx = hidpiContext(canvas, cssW, cssH);
    if (!ctx) return;
    ctx.clearRect(0, 0, cssW, cssH);
    const now = performance.now();
    this.promote(now);
    let visible = this.pending.length > 0;
    for (const [layer, color, width] of [
      [this.motion, this.colors.motion, 1.5],
      [this.persons, this.colors.person, 2.5],
    ] as const) {
      if (!layer) continue;
      const alpha = fadeAlpha(now - layer.at, HOLD_MS, FADE_MS);
      if (alpha <= 0) continue;
      visible = true;
      // The picture's own size when the video knows it, else the analysis frame's (same aspect ratio).
      const mediaW = this.video.videoWidth || layer.frameW;
      const mediaH = this.video.videoHeight || layer.frameH;
      const picture = containRect(cssW, cssH, mediaW, mediaH);
      ctx.globalAlpha = alpha;
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      for (const box of layer.boxes) {
        const r = mapBox(box, layer.frameW, layer.frameH, picture, this.scratch);
        ctx.strokeRect(r.x, r.y, r.w, r.h);
        if (layer === this.persons) this.label(ctx, personLabel(box.score, i18n.m), r, color);
      }
    }
    ctx.globalAlpha = 1;
    if (visible) this.kick();
  }
}
