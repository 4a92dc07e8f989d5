// The reader's build. FINEWS_BASE sets the sub-path it is served under (default `/`); in `npm run dev`
// the finews plugin builds and serves the data folder from FINEWS_POSTS (default: the sample archive).
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { archiveFromEnv, normalizeBase } from './src/pipeline/project-paths.ts'
import { finewsDevData } from './src/pipeline/vite-plugin.ts'

/**
 * How the browser's code is cut into files. Left to itself Rolldown made one file for every set of routes
 * sharing a module: the entry came as 10 files and a feed page as 22, and since each file is compressed on
 * its own (no shared dictionary) that cost 5.5 kB gzipped on a feed's first load (129.6 KiB, over #12's
 * 125 kB). Two groups instead:
 * - everything the entry loads statically (React, React Router, TanStack Query, the layout) in one file,
 *   apart from the entry module itself (Vite's manifest names the entry by it);
 * - the feed screen with what it imports (the list, its items, live news, the tag filter), which home, the
 *   category and tag pages and the stock page share, in one file. Modules a feed file imports with
 *   `import()` are not in the folder's group: they stay lazy (`src/features/feed/lazy/`).
 * The other routes keep Rolldown's own splitting. `npx tsx tests/bench/bundle-size.ts` weighs the result.
 */
const CHUNK_GROUPS = [
  { name: 'initial', tags: ['$initial' as const], test: (id: string) => !/index\.html|[\\/]src[\\/]app[\\/]main\.tsx/.test(id) },
  { name: 'feed', test: (id: string) => /[\\/]src[\\/]features[\\/]feed[\\/]/.test(id) && !/[\\/]feed[\\/]lazy[\\/]/.test(id) },
]

export default defineConfig(({ isSsrBuild }) => ({
  base: normalizeBase(process.env.FINEWS_BASE),
  plugins: [react(), finewsDevData(archiveFromEnv(process.env))],
  build: {
    target: 'es2022',
    sourcemap: false,
    // Read by `npm run bench` to weigh each route's JavaScript.
    manifest: true,
    // One stylesheet for every route (about 7 KB gzipped): a page's first paint waits for its stylesheets,
    // and on Lighthouse's slow phone each of the six a feed page linked cost about 0.3 s of that wait.
    cssCodeSplit: false,
    // Every browser the es2022 target admits but Safari before 17 preloads modules itself; there the
    // polyfill only warmed the cache. It was 0.3 kB of every first load.
    modulePreload: { polyfill: false },
    // The server bundle (src/app/server.tsx, built with this file) is one file for Node: no groups there.
    rolldownOptions: isSsrBuild ? {} : { output: { codeSplitting: { groups: CHUNK_GROUPS } } },
  },
}))
