// The prerenderer's React side (src/app/server.tsx) built by Vite for Node, with the same configuration
// and base as the reader, so the pages are drawn by the very components the browser hydrates.
import { join } from 'node:path'
import { build } from 'vite'
import { PROJECT_ROOT } from '../../project-paths.ts'

export const SERVER_ENTRY = join(PROJECT_ROOT, 'src', 'app', 'server.tsx')

/** Builds the server bundle into `outDir` and returns the path of its entry file. */
export async function buildServerBundle(outDir: string, base: string, quiet: boolean): Promise<string> {
  await build({
    root: PROJECT_ROOT,
    configFile: join(PROJECT_ROOT, 'vite.config.ts'),
    base,
    logLevel: quiet ? 'warn' : 'error',
    build: {
      ssr: SERVER_ENTRY,
      outDir,
      emptyOutDir: true,
      manifest: false,
      rolldownOptions: { checks: { bundlerTimings: false }, output: { entryFileNames: 'server.js' } },
    },
  })
  return join(outDir, 'server.js')
}
