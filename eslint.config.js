import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const YJS_MODULES = ['yjs', 'y-protocols', 'y-protocols/*', 'y-indexeddb', 'y-websocket', 'lib0', 'lib0/*'];

export default tseslint.config(
  { ignores: ['**/node_modules/**', '**/dist/**', 'data/**', 'tests/artifacts/**', 'tests/bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a union type.' }],
      // The Y.Doc has one owner: only the board schema and the sync layers touch raw Yjs.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: YJS_MODULES,
              allowTypeImports: true,
              message: 'Only shared/src/board, shared/src/sync, server/src/rooms, server/src/scale (the bus between processes), server/src/realtime/ywebsocket.ts and client/src/sync may use Yjs directly; go through the board schema.',
            },
          ],
        },
      ],
    },
  },
  {
    // shared/ runs in the browser too: no Node built-ins (the server injects what needs them, e.g. hashing).
    files: ['shared/src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'TSEnumDeclaration', message: 'Use an `as const` object and a union type.' },
        { selector: 'ImportDeclaration[source.value=/^node:/]', message: 'shared/ is pure: no Node built-ins (it runs in the browser too).' },
      ],
    },
  },
  {
    files: ['shared/src/board/**', 'shared/src/sync/**', 'server/src/rooms/**', 'server/src/scale/**', 'server/src/realtime/ywebsocket.ts', 'client/src/sync/**', 'tests/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['client/src/**/*.tsx', 'client/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { ...reactHooks.configs.recommended.rules },
  },
);
