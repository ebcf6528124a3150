import tseslint from 'typescript-eslint';

const nodeBuiltins = ['fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'dns', 'tls', 'worker_threads', 'cluster', 'stream', 'zlib', 'process', 'timers', 'util', 'events', 'buffer', 'url', 'readline', 'vm'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', '.data/**', '.tools/**', 'test-output/**', 'web/static/**', '*.js', '*.mjs'] },
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
    // Workflow code is replayed: it must stay deterministic, so no I/O, no Node builtins, no app modules with side effects.
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((m) => [m, `node:${m}`]).concat(['pg', 'kysely', 'express', 'pdf-lib', 'node-forge', '@temporalio/client', '@temporalio/worker', '@temporalio/activity']).map((name) => ({ name, message: 'Workflow code must be deterministic: no I/O or Node builtins.' })),
        patterns: [{ group: ['../db/*', '../api/*', '../signing/*', '../dms/*', '../activities/*', '!../activities/contract'], allowTypeImports: true, message: 'Workflows import only @temporalio/workflow, domain/ and activity types.' }],
      }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process', 'Buffer', 'require'],
    },
  },
);
