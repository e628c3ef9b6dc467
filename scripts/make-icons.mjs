// Draws the app's icons (SVG, by hand) and renders them to PNG with sharp into resources/icons: the app icon at
// every size the installers use (electron-builder makes the .ico and .icns from icon.png; Linux takes png/NxN.png),
// and the tray icons by state (ok, problem, disarmed) with their @2x versions. The outputs are committed;
// run `npm run icons` again after changing a drawing here.
import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'resources', 'icons');
mkdirSync(path.join(out, 'png'), { recursive: true });

/** The app icon: a wall camera on its arm over a dark blue rounded square, its lens lit, a red recording light. */
const appIcon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="#2466c9"/>
      <stop offset="1" stop-color="#123a7a"/>
    </linearGradient>
    <radialGradient id="lens" cx="0.4" cy="0.4" r="0.6">
      <stop offset="0" stop-color="#9fd3ff"/>
      <stop offset="0.45" stop-color="#2b7fe0"/>
      <stop offset="1" stop-color="#0b1f44"/>
    </radialGradient>
  </defs>
  <rect x="32" y="32" width="960" height="960" rx="208" fill="url(#bg)"/>
  <!-- wall plate and arm -->
  <rect x="152" y="600" width="96" height="232" rx="28" fill="#dfe8f5"/>
  <path d="M200 700 L200 640 Q200 600 240 590 L392 552" stroke="#dfe8f5" stroke-width="56" fill="none" stroke-linecap="round"/>
  <!-- camera body, tilted down towards the shop floor -->
  <g transform="rotate(14 560 420)">
    <rect x="300" y="300" width="520" height="240" rx="64" fill="#f7f9fc"/>
    <rect x="300" y="300" width="520" height="70" rx="35" fill="#c9d6ea"/>
    <rect x="780" y="330" width="96" height="180" rx="30" fill="#f7f9fc"/>
    <circle cx="820" cy="420" r="74" fill="#0b1f44"/>
    <circle cx="820" cy="420" r="58" fill="url(#lens)"/>
    <circle cx="800" cy="400" r="14" fill="#ffffff" opacity="0.85"/>
    <circle cx="380" cy="470" r="24" fill="#ff3b30"/>
  </g>
</svg>`;

/** A tray glyph: the camera in outline, with a status dot (the menu bar and task bar are small and busy). */
const trayIcon = (dot) => `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">
  <rect x="4" y="16" width="40" height="26" rx="7" fill="#f2f5fa" stroke="#1b2b44" stroke-width="3"/>
  <path d="M44 22 L58 15 L58 43 L44 36 Z" fill="#f2f5fa" stroke="#1b2b44" stroke-width="3" stroke-linejoin="round"/>
  <circle cx="17" cy="29" r="6" fill="#2b7fe0" stroke="#1b2b44" stroke-width="2"/>
  ${dot ? `<circle cx="48" cy="50" r="12" fill="${dot}" stroke="#ffffff" stroke-width="3"/>` : ''}
</svg>`;

const TRAY = { ok: '#2fb344', problem: '#e8590c', disarmed: '#868e96' };

/** Rendered at the density that gives `size` pixels from the drawing's own width (its viewBox), then fitted exactly. */
async function render(svg, size, file) {
  const intrinsic = Number(/viewBox="0 0 (\d+)/.exec(svg)[1]);
  await sharp(Buffer.from(svg), { density: Math.max(1, (72 * size) / intrinsic) })
    .resize(size, size)
    .png({ compressionLevel: 9 })
    .toFile(file);
}

writeFileSync(path.join(out, 'icon.svg'), appIcon + '\n');
await render(appIcon, 1024, path.join(out, 'icon.png'));
for (const size of [16, 24, 32, 48, 64, 128, 256, 512]) {
  await render(appIcon, size, path.join(out, 'png', `${size}x${size}.png`));
}
for (const [state, color] of Object.entries(TRAY)) {
  await render(trayIcon(color), 24, path.join(out, `tray-${state}.png`));
  await render(trayIcon(color), 48, path.join(out, `tray-${state}@2x.png`));
}
console.log(`icons written to ${path.relative(root, out)}`);
