// The live overlay: the latest motion and person boxes of one camera drawn on a canvas over its video, aligned with
// the displayed (letterboxed) picture, fading out. Draws only while something is visible (one requestAnimationFrame
// loop per tile, idle otherwise); reuses its rectangles. Counts what it drew in data attributes, so tests can see it.
import type { Box } from '../../../preload/contract.ts';
import { containRect, fadeAlpha, mapBox, type Rect } from '../lib/letterbox.ts';

interface Layer {
  boxes: Box[];
  frameW: number;
  frameH: number;
  at: number;
}

const HOLD_MS = 700;
const FADE_MS = 900;

export class LiveOverlay {
  private motion: Layer | null = null;
  private persons: Layer | null = null;
  private frame = 0;
  private readonly scratch: Rect = { x: 0, y: 0, w: 0, h: 0 };
  private drawnMotion = 0;
  private drawnPersons = 0;
  private readonly colors = { motion: '#f0a030', person: '#ff5c8a' };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly video: HTMLVideoElement,
  ) {
    const style = getComputedStyle(canvas);
    this.colors.motion = style.getPropertyValue('--motion').trim() || this.colors.motion;
    this.colors.person = style.getPropertyValue('--person').trim() || this.colors.person;
  }

  showMotion(boxes: Box[], frameW: number, frameH: number): void {
    this.motion = boxes.length ? { boxes, frameW, frameH, at: performance.now() } : null;
    if (boxes.length) this.canvas.dataset.motionBoxesDrawn = String((this.drawnMotion += boxes.length));
    this.kick();
  }

  showPersons(boxes: Box[], frameW: number, frameH: number): void {
    this.persons = boxes.length ? { boxes, frameW, frameH, at: performance.now() } : null;
    if (boxes.length) this.canvas.dataset.personBoxesDrawn = String((this.drawnPersons += boxes.length));
    this.kick();
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
    const dpr = window.devicePixelRatio || 1;
    const cssW = canvas.clientWidth;
    const cssH = canvas.clientHeight;
    const w = Math.round(cssW * dpr);
    const h = Math.round(cssH * dpr);
    if (canvas.width !== w || canvas.height !== h) {
      canvas.width = w;
      canvas.height = h;
    }
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const now = performance.now();
    let visible = false;
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
      }
    }
    ctx.globalAlpha = 1;
    if (visible) this.kick();
  }
}
