// The prerenderer's React side (src/app/server.tsx) built by Vite for Node, with the same configuration
// and base as the reader, so the pages are drawn by the very components the browser hydrates.
import { readdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../project-paths.ts'

export const SERVER_ENTRY = join(PROJECT_ROOT, 'src', 'app', 'server.tsx')

/** Where server bundles are built: in the project, so that they find React and the rest in its node_modules. */
const BUNDLES = join(PROJECT_ROOT, 'node_modules', '.cache', 'finews')
const BUNDLE_NAME = /^server-(\d+)-\d+$/

let built = 0

/** Whether a process with this pid is running (a build that died leaves folders named by its pid). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0) // signal 0 only asks whether the process exists
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A folder for a new server bundle; those of builds that died (killed before removing theirs) go first. */
export function serverBundleDir(): string {
  let names: string[] = []
  try {
    names = readdirSync(BUNDLES)
  } catch {
    // no cache folder yet
  }
  for (const name of names) {
    const pid = Number(BUNDLE_NAME.exec(name)?.[1])
    if (pid > 0 && !isAlive(pid)) rmSync(join(BUNDLES, name), { recursive: true, force: true })
  }
  // A folder of its own per build, since a process imports a module path only once.
  return join(BUNDLES, `server-${process.pid}-${(built++).toString()}`)
}

/** Builds the server bundle into `outDir` and returns the path of its entry file. */
export async function buildServerBundle(outDir: string, base: string, quiet: boolean): Promise<string> {
  const { build } = await import('vite')
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
