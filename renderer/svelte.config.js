// Svelte 5 in runes mode for every component (found by the Vite plugin and by svelte-check).
export default {
  compilerOptions: { runes: true },
};
