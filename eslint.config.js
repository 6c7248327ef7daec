// Layering is enforced here (ARCHITECTURE.md): the renderer reaches main only through preload/contract,
// the contract imports nothing but zod, and only the Electron entry points may import 'electron'
// (importing it in plain Node throws on machines without the Electron binary, so anything else would be untestable).
// Inside main, kernel → areas → host: import-boundaries.js.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { importBoundaries } from './import-boundaries.js';

const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'child_process',
  'crypto',
  'net',
  'http',
  'worker_threads',
];
const electronOnly = {
  name: 'electron',
  message: 'Only main/index.ts, main/electron/** and preload/index.ts import electron.',
};

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'release/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      '.bench/**',
      'tests/fixtures/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: ['*.js', '*.mjs', 'scripts/*.mjs', 'bin/*.js'],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 40,
        },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node },
    },
    rules: {
      // Numbers and booleans in template strings read naturally in messages; objects still do not.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      '@typescript-eslint/no-unnecessary-condition': ['error', { allowConstantLoopConditions: true }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      'no-restricted-imports': ['error', { paths: [electronOnly] }],
    },
  },
  {
    files: ['scripts/**', 'bin/**', '*.js', '*.mjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['main/index.ts', 'main/electron/**', 'preload/index.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['preload/contract/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // Any bare package name other than zod (relative paths are checked by the next pattern).
            { regex: '^(?!zod$)[^./]', message: 'The contract imports only zod and itself.' },
            {
              group: ['**/main/**', '**/renderer/**', '**/preload/index*'],
              message: 'The contract imports only zod and itself.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // Electron implements no window.prompt, and the browser's boxes are neither translated nor accessible:
      // questions go through renderer/app/dialogs.tsx.
      'no-restricted-globals': [
        'error',
        ...['alert', 'confirm', 'prompt'].map((name) => ({
          name,
          message: 'Use useDialogs() from renderer/app/dialogs.tsx: the app’s own, translated dialog.',
        })),
      ],
      'no-restricted-properties': [
        'error',
        ...['alert', 'confirm', 'prompt'].map((property) => ({
          object: 'window',
          property,
          message: 'Use useDialogs() from renderer/app/dialogs.tsx: the app’s own, translated dialog.',
        })),
      ],
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly, 'better-sqlite3', 'serialport', 'ws'],
          patterns: [
            { group: nodeBuiltins, message: 'The renderer has no Node: ask main through the contract.' },
            {
              group: ['**/main/**', '**/preload/index*'],
              message: 'The renderer imports only preload/contract.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['main/**'],
    ignores: ['main/index.ts', 'main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [electronOnly],
          patterns: [{ group: ['**/renderer/**'], message: 'main never imports the renderer.' }],
        },
      ],
    },
  },
  ...importBoundaries,
  {
    files: ['tests/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
