// One build for everything that runs in Node or Electron's main process: esbuild bundles main/, preload/ and the
// worker entry points into out/. The renderer is built by Vite (renderer/vite.config.ts) when it exists.
// Dependencies stay external: native modules (better-sqlite3, sharp, onnxruntime-node) must load from node_modules.
import { build } from 'esbuild';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Tests that run `npm start` while other tests use out/ skip the rebuild (out/ is already fresh: `npm test` built it).
if (process.env.NVR_SKIP_BUILD === '1' && existsSync(path.join(root, 'out', 'main', 'cli.js'))) process.exit(0);
const at = (p) => path.join(root, p);

/** [entry source, output file] pairs; an entry that does not exist yet is skipped. */
const nodeEntries = [
  ['main/cli.ts', 'out/main/cli.js'],
  // The desktop app (`nvr start` launches it where Electron is installed; electron-builder.yml names it as main).
  ['main/desktop.ts', 'out/main/desktop.js'],
  ['native-workers/motion/motion-worker.ts', 'out/workers/motion-worker.js'],
  ['native-workers/detection/detection-worker.ts', 'out/workers/detection-worker.js'],
  ['native-workers/detection/model-trial.ts', 'out/workers/model-trial.js'],
].filter(([src]) => existsSync(at(src)));

await Promise.all(
  nodeEntries.map(([src, out]) =>
    build({
      entryPoints: [at(src)],
      outfile: at(out),
      bundle: true,
      platform: 'node',
      target: 'node24',
      format: 'esm',
      packages: 'external',
      sourcemap: true,
      logLevel: 'warning',
      banner: {
        // Bundled ESM has no require(); some dependencies are CommonJS.
        js: "import { createRequire as __nvrCreateRequire } from 'node:module'; const require = __nvrCreateRequire(import.meta.url);",
      },
    }),
  ),
);

if (existsSync(at('preload/index.ts'))) {
  await build({
    entryPoints: [at('preload/index.ts')],
    outfile: at('out/preload/index.cjs'),
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'cjs',
    external: ['electron'],
    logLevel: 'warning',
  });
}

if (existsSync(at('renderer/vite.config.ts'))) {
  const { build: viteBuild } = await import('vite');
  await viteBuild({ configFile: at('renderer/vite.config.ts'), logLevel: 'warn' });
}
