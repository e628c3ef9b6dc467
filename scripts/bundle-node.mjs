// Bundles a TypeScript entry point with esbuild into one ESM file that runs under plain Node (packages stay external;
// `require` is provided for the CommonJS ones): what scripts/bench.mjs and scripts/soak.mjs run.
import { build } from 'esbuild';

export async function bundleForNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node24',
    format: 'esm',
    packages: 'external',
    logLevel: 'warning',
    banner: { js: "import { createRequire as __nvrCreateRequire } from 'node:module'; const require = __nvrCreateRequire(import.meta.url);" },
  });
  return outfile;
}
