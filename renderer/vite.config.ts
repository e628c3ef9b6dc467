// Builds the page into out/renderer, which service mode serves (and the desktop shell loads). `npx vite --config
// renderer/vite.config.ts` runs a dev server that forwards the API and media to a service on port 7480.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { shortMessageKeys } from './vite/short-message-keys.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  // shortMessageKeys: the page's message keys as short ids in the built chunks (build only; dev keeps the names).
  plugins: [svelte(), shortMessageKeys()],
  build: {
    outDir: path.resolve(here, '..', 'out', 'renderer'),
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // zod and src/zod-csp.ts (zod's jitless switch) in one chunk of their own, so the switch runs before any module
        // of the other chunks builds a schema (the lazy screens split the page into chunks, and a shared chunk's
        // modules run before the entry's own: the schemas would probe `new Function`, a CSP violation).
        codeSplitting: { groups: [{ name: 'zod', test: /[\\/]node_modules[\\/]zod[\\/]|[\\/]renderer[\\/]src[\\/]zod-csp\.ts$/ }] },
      },
    },
  },
  server: {
    proxy: {
      '/api/ws': { target: 'ws://127.0.0.1:7480', ws: true },
      '/media': 'http://127.0.0.1:7480',
    },
  },
});
