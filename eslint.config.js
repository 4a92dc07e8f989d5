// Lint: typescript-eslint (type-aware), the React hooks rules, and the import boundaries of src/:
// content ← pipeline, content ← lib/components ← features ← app. The app never imports Node or the pipeline.
import js from '@eslint/js'
import globals from 'globals'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'

const noNode = {
  group: ['node:*', 'fs', 'path', 'os', 'worker_threads', 'child_process'],
  message: 'Browser code must not import Node modules.',
}
const noPipeline = { group: ['**/pipeline/**'], message: 'Only the build imports the pipeline.' }
const noReact = { group: ['react', 'react-dom', 'react-dom/*', 'react-router-dom', '@tanstack/*'], message: 'Not in this layer.' }
const noApp = { group: ['**/app/**'], message: 'src/app composes features; nothing imports it back.' }
const noFeatures = { group: ['**/features/**'], message: 'Shared code must not depend on a feature.' }

export default tseslint.config(
  { ignores: ['dist', 'node_modules', '.finews', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['eslint.config.js'], ...tseslint.configs.disableTypeChecked },
  // The launcher is plain JavaScript, run by node before any TypeScript is compiled.
  { files: ['src/pipeline/*.mjs'], ...tseslint.configs.disableTypeChecked },
  { files: ['src/pipeline/*.mjs'], languageOptions: { globals: globals.node } },
  {
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['src/app/**', 'src/features/**', 'src/components/**', 'src/lib/**'],
    languageOptions: { globals: globals.browser },
    rules: { 'no-restricted-imports': ['error', { patterns: [noNode, noPipeline] }] },
  },
  {
    files: ['src/components/**', 'src/lib/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noNode, noPipeline, noApp, noFeatures] }] },
  },
  {
    files: ['src/features/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noNode, noPipeline, noApp] }] },
  },
  {
    files: ['src/content/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noNode, noPipeline, noReact, noApp, noFeatures, { group: ['**/lib/**', '**/components/**'], message: 'The contract imports nothing from the app.' }] }] },
  },
  {
    // The service worker: no window, no React, no app code (it shares only src/sw/protocol.ts with the page).
    files: ['src/sw/**'],
    languageOptions: { globals: globals.serviceworker },
    rules: { 'no-restricted-imports': ['error', { patterns: [noNode, noPipeline, noReact, noApp, noFeatures, { group: ['**/lib/**', '**/components/**', '**/content/**'], message: 'The service worker stands alone.' }] }] },
  },
  {
    files: ['src/pipeline/**'],
    languageOptions: { globals: globals.node },
    rules: { 'no-restricted-imports': ['error', { patterns: [noReact, noApp, noFeatures, { group: ['**/lib/**', '**/components/**'], message: 'The pipeline does not use app code.' }] }] },
  },
  {
    files: ['tests/**', 'vite.config.ts', 'vitest.config.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
)
