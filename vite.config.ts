// The reader's build. FINEWS_BASE sets the sub-path it is served under (default `/`); in `npm run dev`
// the finews plugin builds and serves the data folder from FINEWS_POSTS (default: the sample archive).
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { archiveFromEnv, normalizeBase } from './src/pipeline/project-paths.ts'
import { finewsDevData } from './src/pipeline/vite-plugin.ts'

export default defineConfig({
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
  },
})
