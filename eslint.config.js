// Lint: typescript-eslint's recommended rules, eslint-plugin-svelte's for the components, and the layer rules of
// ../shared/ARCHITECTURE.md (which folder may import which), for .ts and .svelte files alike. Types are checked by
// `npm run typecheck` (svelte-check for the components); no rule here needs type information, so lint stays fast.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';

const layer = (files, patterns, message, ignores = []) => ({
  files,
  ignores,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

// preload/ is the one layer of wire shapes: it imports zod and itself, nothing else (no node: modules, no main/ or
// renderer/ code); only preload/index.ts, the Electron preload script, imports electron.
const OUTSIDE_PRELOAD = ['**/main/**', '**/renderer/**', '**/native-workers/**', '**/scripts/**', '**/tests/**', '**/resources/**'];
const preloadLayer = (files, allowed, message, ignores = []) => ({
  files,
  ignores,
  rules: {
    'no-restricted-imports': [
      'error',
      {
        patterns: [
          { group: OUTSIDE_PRELOAD, message },
          { regex: `^(?!\\.\\.?/|zod(/|$)${allowed.map((a) => `|${a}$`).join('')})`, message },
        ],
      },
    ],
  },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-artifacts/**'] },
  ...tseslint.configs.recommended,
  ...svelte.configs.recommended,
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer(['main/core/**'], ['electron', '**/desktop/**', '**/service/**', '**/renderer/**'], 'main/core never imports electron, desktop, service or renderer'),
  layer(['native-workers/**'], ['**/main/**', 'electron'], 'native-workers import nothing from main/'),
  layer(['renderer/**'], ['**/main/**', 'electron'], 'the renderer knows only the wire shapes of preload/ (the contract and its protocols)'),
  layer(['main/service/**'], ['electron', '**/desktop/**'], 'service mode never imports electron or the desktop shell'),
  layer(['main/desktop/**'], ['**/service/**'], 'the desktop shell never imports service mode'),
  preloadLayer(['preload/**'], [], 'preload/ holds the wire shapes: it imports only zod and preload/', ['preload/index.ts']),
  preloadLayer(['preload/index.ts'], ['electron'], 'the preload script imports only electron, zod and preload/'),
);
