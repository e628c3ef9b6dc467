// npm run bench: bundles every tests/bench/*.bench.ts with esbuild and runs them one after another under plain Node
// (never in parallel: the machines have 2 cores). Each benchmark prints medians and ratios against a baseline it
// measures in the same run. Pass names to run some: npm run bench -- motion detection
import { bundleForNode } from './bundle-node.mjs';
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const benchDir = path.join(root, 'tests', 'bench');
const wanted = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

let failed = 0;
for (const file of files) {
  const outfile = path.join(root, 'out', 'bench', file.replace(/\.ts$/, '.mjs'));
  await bundleForNode(path.join(benchDir, file), outfile);
  console.log(`\n=== ${file} ===`);
  const run = spawnSync(process.execPath, ['--expose-gc', outfile], { stdio: 'inherit', cwd: root });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
