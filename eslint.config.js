// Lint: typescript-eslint's recommended rules plus the layer rules of ../shared/ARCHITECTURE.md (which folder may import
// which). Types are checked by `npm run typecheck`; Svelte components by svelte-check.
import tseslint from 'typescript-eslint';

const layer = (files, patterns, message) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] },
});

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'dist/**', 'test-artifacts/**', 'renderer/**/*.svelte'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  layer(['main/core/**'], ['electron', '**/desktop/**', '**/service/**', '**/renderer/**'], 'main/core never imports electron, desktop, service or renderer'),
  layer(['native-workers/**'], ['**/main/**', 'electron'], 'native-workers import nothing from main/'),
  layer(['renderer/**'], ['**/main/**', 'electron'], 'the renderer knows only the contract (preload/contract.ts)'),
  layer(['main/service/**'], ['electron', '**/desktop/**'], 'service mode never imports electron or the desktop shell'),
  layer(['main/desktop/**'], ['**/service/**'], 'the desktop shell never imports service mode'),
);
