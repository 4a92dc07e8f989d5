// Three test projects: `node` (content contract and pipeline), `dom` (React components in jsdom) and
// `e2e` (the production build in headless Chromium). `npm test` runs all three, in that order.
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'

export default defineConfig({
  plugins: [react()],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/content/**/*.test.ts', 'tests/pipeline/**/*.test.ts'],
          setupFiles: ['tests/support/fail-on-console.ts'],
          testTimeout: 60_000,
          // Removing a test's temporary folders of thousands of files, on a busy machine.
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'dom',
          environment: 'jsdom',
          include: ['tests/app/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/support/fail-on-console.ts', 'tests/support/dom-setup.ts'],
          // Time limits for a loaded machine (CI's two cores running jsdom): a test that waits for what
          // never comes still fails, only later.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 300_000,
          // One browser, one server: files share them and run one at a time.
          fileParallelism: false,
        },
      },
    ],
  },
})
