// The reader's service worker, built into the staging folder right after Vite's build: src/sw/service-worker.ts
// bundled with Workbox's modules by esbuild, with the list of files to precache written in (what
// workbox-build's injectManifest does, without its dependencies: a file list, a revision per file, a
// replaced name). Precached: the app shell (Vite's index.html copied to shell.html before the prerendered
// home replaces it), every script and stylesheet, the icons and the web app manifest; never the data folder.
import { createHash } from 'node:crypto'
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { build } from 'esbuild'
import { SERVICE_WORKER_FILE, SHELL_FILE } from '../sw/protocol.ts'
import { readIfThere, writeFileAtomicSync } from './durable-file.ts'
import { PROJECT_ROOT } from './project-paths.ts'

const SOURCE = join(PROJECT_ROOT, 'src', 'sw', 'service-worker.ts')

export interface PrecacheEntry {
  /** Relative to the worker, so to the site's base. */
  url: string
  /** Null for Vite's hashed assets, whose name changes with their content. */
  revision: string | null
}

function isPrecached(path: string): boolean {
  if (path.startsWith('assets/')) return /\.(?:js|css)$/.test(path)
  return path === SHELL_FILE || path === 'manifest.webmanifest' || path === 'favicon.svg' || path.startsWith('icons/')
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
}

/** What the worker precaches from a built reader in `siteDir`, in a stable order. */
export function precacheEntries(siteDir: string): PrecacheEntry[] {
  return filesUnder(siteDir)
    .filter(isPrecached)
    .sort()
    .map((url) => ({
      url,
      revision: url.startsWith('assets/') ? null : createHash('sha256').update(readFileSync(join(siteDir, url))).digest('hex').slice(0, 16),
    }))
}

/**
 * Writes shell.html and sw.js into `siteDir`: Vite's output, its index.html still the shell. `memoDir`: the
 * remembered reader build these files are a copy of (reader-cache.ts), where the worker is remembered.
 */
export async function writeServiceWorker(siteDir: string, memoDir: string | null = null): Promise<{ entries: number; build: string }> {
  copyFileSync(join(siteDir, 'index.html'), join(siteDir, SHELL_FILE))
  return buildServiceWorker(siteDir, memoDir)
}

/**
 * Writes sw.js for the files in `siteDir` as they are. The worker's bytes depend only on the precached
 * files, so a build that changes only data leaves it as it was: browsers see no new version and the reader
 * is not asked to reload for news (live news brings those).
 *
 * With `memoDir` (a remembered reader build, whose key covers this file, the worker's source and the
 * versions of esbuild and Workbox), the worker is remembered there under a hash of its precache list, so a
 * build of new posts does not run esbuild again (0.1 to 0.15 s of every site build before).
 */
export async function buildServiceWorker(siteDir: string, memoDir: string | null = null): Promise<{ entries: number; build: string }> {
  const entries = precacheEntries(siteDir)
  const buildKey = createHash('sha256').update(JSON.stringify(entries)).digest('hex').slice(0, 16)
  const memo = memoDir === null ? null : join(memoDir, `sw-${buildKey}.js`)
  const remembered = memo === null ? null : readIfThere(memo)
  const contents = remembered ?? (await bundleWorker(entries, buildKey))
  // Complete or absent under its name (write, then rename), whoever else remembers the same bytes.
  if (memo !== null && remembered === null) writeFileAtomicSync(memo, contents)
  writeFileSync(join(siteDir, SERVICE_WORKER_FILE), contents)
  return { entries: entries.length, build: buildKey }
}

/** src/sw/service-worker.ts with Workbox's modules, the precache list and the build's key written in. */
async function bundleWorker(entries: readonly PrecacheEntry[], buildKey: string): Promise<Uint8Array> {
  const result = await build({
    entryPoints: [SOURCE],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'warning',
    define: {
      // Workbox's modules drop their development logging and checks in production.
      'process.env.NODE_ENV': '"production"',
      __FINEWS_PRECACHE__: JSON.stringify(entries),
      __FINEWS_BUILD__: JSON.stringify(buildKey),
    },
  })
  const output = result.outputFiles[0]
  if (output === undefined) throw new Error('the service worker build wrote nothing')
  return output.contents
}
