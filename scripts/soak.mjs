// npm run soak -- --cameras 8 --minutes 60: bundles tests/soak/soak.ts with esbuild (as scripts/bench.mjs does for the
// benchmarks) and runs it under plain Node with the arguments given. Exit 1 when a metric grew beyond its limit.
import { bundleForNode } from './bundle-node.mjs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = path.join(root, 'out', 'soak', 'soak.mjs');
await bundleForNode(path.join(root, 'tests', 'soak', 'soak.ts'), outfile);
const run = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(run.status ?? 1);
