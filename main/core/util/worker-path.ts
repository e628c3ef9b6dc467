// Where the bundled worker scripts are. `npm run build` (esbuild) writes them to out/workers/; the packaged app keeps
// the same layout. Found by walking up from this module to the folder holding package.json, so it works from the
// TypeScript sources (tests), from out/main (service mode) and from the packaged app.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export type WorkerName = 'motion-worker' | 'detection-worker' | 'model-trial';

let projectRootCache: string | null = null;

export function projectRoot(): string {
  if (projectRootCache) return projectRootCache;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return (projectRootCache = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the application folder (no package.json above ' + fileURLToPath(import.meta.url) + ')');
    dir = parent;
  }
}

export function workerScriptPath(name: WorkerName): string {
  const dir = process.env.NVR_WORKERS_DIR ?? path.join(projectRoot(), 'out', 'workers');
  const file = path.join(dir, `${name}.js`);
  if (!existsSync(file)) {
    throw new Error(`the ${name} script is missing at ${file}: run "npm run build" first`);
  }
  return file;
}
