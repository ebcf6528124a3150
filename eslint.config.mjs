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
        // Any depth ('../db', '../../db/repos/x'): only domain/, the workflow's own contract and activity *types* may enter.
        patterns: [{
          group: ['db', 'api', 'signing', 'dms', 'runtime', 'notify', 'documents', 'reference', 'config', 'activities', 'auditor', 'web', 'scripts', 'bench']
            .flatMap((dir) => [`**/${dir}`, `**/${dir}/**`]),
          allowTypeImports: true,
          message: 'Workflows import only @temporalio/workflow, domain/, their contract and activity types (import type).',
        }],
      }],
      'no-restricted-globals': ['error', 'setTimeout', 'setInterval', 'process', 'Buffer', 'require'],
    },
  },
);
