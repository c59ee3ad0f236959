import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const uiPackages = ['ink', 'ink-*', '@inkjs/*', 'react', 'react/*', 'ink-testing-library'];

export default tseslint.config(
  {
    ignores: ['dist/', 'node_modules/', 'coverage/', 'screenshots/', 'reports/', '.stryker-tmp*/', '.cache/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    // One-way layers: only src/app may touch ink or react (DESIGN.md, STYLE.md rule 1).
    files: ['src/core/**', 'src/api/**', 'src/server/**', 'src/store/**', 'src/commands/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: uiPackages, message: 'Only src/app may import ink or react.' }] },
      ],
    },
  },
  {
    files: ['src/core/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiPackages, message: 'Only src/app may import ink or react.' },
            {
              group: ['openai', 'node:http', 'node:https', '**/api/**', '**/server/**'],
              message: 'core is pure: no network.',
            },
          ],
        },
      ],
    },
  },
  {
    // The rescue flow is plain functions shared by a command and the wizard: it uses api, core and
    // store, never the screens, the commands or the local server's insides.
    files: ['src/rescue/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: uiPackages, message: 'Only src/app may import ink or react.' },
            {
              group: ['**/app/**', '**/commands/**', '**/server/**'],
              message: 'rescue → api / core / store only.',
            },
          ],
        },
      ],
    },
  },
  // Keys reach screens through the app's one key router (src/app/hooks/use-keys.tsx): a screen that
  // listened with Ink's useInput would lose keys typed the moment it appears. Text goes through
  // components/text.tsx, which shows control characters from data as escapes instead of obeying them.
  ...[
    { file: 'src/app/hooks/use-keys.tsx', allowed: 'useInput' },
    { file: 'src/app/components/text.tsx', allowed: 'Text' },
    { file: null, allowed: null },
  ].map(({ file, allowed }) => ({
    files: file === null ? ['src/app/**'] : [file],
    ...(file === null ? { ignores: ['src/app/hooks/use-keys.tsx', 'src/app/components/text.tsx'] } : {}),
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'ink', importNames: ['useInput'], message: 'Use useKeys from hooks/use-keys.' },
            {
              name: 'ink',
              importNames: ['Text'],
              message: 'Use Text from components/text (escapes control characters).',
            },
          ].filter((path) => !path.importNames.includes(allowed)),
        },
      ],
    },
  })),
);
