import tseslint from 'typescript-eslint';
import { zonesPlugin } from './lint/zones.mjs';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'dns', 'tls', 'worker_threads', 'cluster', 'stream', 'zlib', 'process', 'timers', 'util', 'events', 'buffer', 'url', 'readline', 'vm'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.tools/**', 'test-output/**', 'lint/**', '*.js', '*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // The browser scripts: plain ES modules served as they are. tsconfig.web.json type-checks them (unknown names
    // included); these rules keep them to one dialect and away from HTML injection (pages build nodes with h()).
    files: ['web/static/**/*.js'],
    languageOptions: { ecmaVersion: 2022, sourceType: 'module' },
    rules: {
      'no-var': 'error',
      'prefer-const': 'error',
      eqeqeq: ['error', 'smart'],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
      'no-restricted-properties': ['error',
        ...['innerHTML', 'outerHTML'].map((property) => ({ property, message: 'Build nodes with h() so text is never parsed as HTML.' })),
        { property: 'insertAdjacentHTML', message: 'Build nodes with h() so text is never parsed as HTML.' },
        { object: 'document', property: 'write', message: 'Build nodes with h().' }],
    },
  },
  {
    // Which folder may import which: the architecture card, resolved per import (lint/zones.mjs).
    files: ['**/*.ts'],
    plugins: { zones: zonesPlugin },
    rules: { 'zones/imports': 'error' },
  },
  {
    // Workflow code is replayed: it must stay deterministic, so no I/O, no Node builtins, no app modules with side effects.
    // domain/ is bundled into the workflows too, so the same packages are fenced there.
    files: ['workflows/**/*.ts', 'domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((m) => [m, `node:${m}`]).concat(['pg', 'kysely', 'express', 'pdf-lib', 'node-forge', '@temporalio/client', '@temporalio/worker', '@temporalio/activity']).map((name) => ({ name, message: 'Workflow code must be deterministic: no I/O or Node builtins.' })),
      }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process', 'Buffer', 'require'],
    },
  },
);
