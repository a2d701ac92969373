import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Node's modules by exact name (a pattern such as 'http' would also match a file ./http.ts).
const nodeModules = ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'worker_threads', 'url', 'zlib', 'stream'];
const nodeBuiltins = ['node:*'];

// DESIGN.md §2: the boundaries between layers are enforced here, not remembered.
const forbid = (patterns, message, names = []) => [
  'error',
  { paths: names.map((name) => ({ name, message })), patterns: [{ group: patterns, message }] },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // Plain scripts (build helpers, the test runner, this file) run under Node.
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': forbid(
        ['electron', 'electron/*', ...nodeBuiltins, '**/electron/**'],
        'The renderer runs sandboxed: it reaches core only through window.floe (renderer/src/lib/api.ts).',
        nodeModules,
      ),
    },
  },
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['electron', 'electron/*', ...nodeBuiltins, 'react', 'react-dom', '**/electron/**', '**/renderer/**'],
        'shared/ is imported by every process: it may depend on nothing environment-specific.',
        nodeModules,
      ),
    },
  },
  {
    files: ['electron/core/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['electron', 'electron/*', '**/electron/main/**', '**/main/**', '**/renderer/**'],
        'core runs under plain Node (CLI, headless host): never import electron.',
      ),
    },
  },
  {
    files: ['electron/engine/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['electron', 'electron/*', '**/electron/main/**', '**/main/**', '**/renderer/**', '**/core/**', '**/core'],
        'The engine runs in worker threads that core starts: it never imports electron or core (what both need of Snowflake is in electron/snowflake/).',
      ),
    },
  },
  {
    files: ['electron/snowflake/**/*.ts'],
    rules: {
      'no-restricted-imports': forbid(
        ['electron', 'electron/*', '**/main/**', '**/renderer/**', '**/core/**', '**/engine/**'],
        'electron/snowflake is the layer under core and engine: it imports neither.',
      ),
    },
  },
  {
    files: ['renderer/src/**/*.{ts,tsx}'],
    ignores: ['renderer/src/lib/api.ts'],
    rules: {
      'no-restricted-properties': ['error', { object: 'window', property: 'floe', message: 'Use renderer/src/lib/api.ts.' }],
    },
  },
);
