// The reader's production build (Vite's client files and the prerenderer's server bundle) remembered under a
// content key of everything it is made from: the app's sources, public/, index.html, the Vite and TypeScript
// configuration, the installed packages, the build's own code and the base path. A cron job's `npm run build`
// after a scrape changes posts, not code, so it copies the remembered files instead of running Vite twice
// (about 7 of the 11 s a one-post site build took at 2,000 posts). A hit can only be right: any input that
// changes makes a new key. Kept in the project's cache folder, where the server bundle finds React.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, sep } from 'node:path'
import { createHash, type Hash } from 'node:crypto'
import { isAlive } from './outputs/pages/server-bundle.ts'
import { PROJECT_ROOT } from './project-paths.ts'

/** Where remembered builds are kept: in the project, so that the server bundle resolves its packages. */
export const READER_CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'finews')
const PREFIX = 'reader-'
/** Written last into a remembered build: a folder without it is not one. */
const COMPLETE = 'complete'
/** Remembered builds of other keys are removed once unused this long (another site's build may use one). */
const KEEP_MS = 24 * 60 * 60 * 1000

/** Folders and files whose every byte may shape the reader's build (paths from the project's root). */
const INPUT_DIRS = ['src', 'public']
const INPUT_FILES = ['index.html', 'vite.config.ts', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.app.json', 'package.json', 'node_modules/.package-lock.json']
/** The pipeline and the sample posts are not part of the reader, except the build's own code. */
const NOT_INPUTS = ['src/pipeline', 'src/sample-archive']
const BUILD_CODE = ['src/pipeline/build-site.ts', 'src/pipeline/reader-cache.ts', 'src/pipeline/service-worker.ts', 'src/pipeline/outputs/site-policy.ts', 'src/pipeline/outputs/pages/server-bundle.ts', 'src/pipeline/project-paths.ts']
/**
 * The build's own code whose imports are followed: what they import shapes the reader too (the policy's
 * script hash is the page loader's text). build-site.ts's own imports are the content pipeline, whose
 * outputs are not the reader's build, so they are not followed.
 */
const FOLLOWED = BUILD_CODE.filter((file) => file !== 'src/pipeline/build-site.ts')
const LOCAL_IMPORT = /^import\s[^'"]*?from\s+'(\.{1,2}\/[^']+\.ts)'/gm

/** The build code's files and every project file those named in FOLLOWED import, directly or not. */
export function buildCodeFiles(): string[] {
  const files = new Set(BUILD_CODE)
  const queue = [...FOLLOWED]
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    const text = readFileSync(join(PROJECT_ROOT, file), 'utf8')
    for (const [, spec] of text.matchAll(LOCAL_IMPORT)) {
      const imported = relative(PROJECT_ROOT, join(PROJECT_ROOT, dirname(file), spec ?? '')).split(sep).join('/')
      if (files.has(imported) || !imported.startsWith('src/')) continue
      files.add(imported)
      queue.push(imported)
    }
  }
  return [...files].sort()
}

/** Adds a named part to the key, its length first, so that no two different inputs hash alike. */
function add(hash: Hash, name: string, bytes: Buffer): void {
  hash.update(`${name}\0${bytes.length}\0`).update(bytes)
}

function collect(rel: string, hash: Hash): void {
  if (NOT_INPUTS.includes(rel)) return
  const full = join(PROJECT_ROOT, rel)
  let entries
  try {
    entries = readdirSync(full, { withFileTypes: true })
  } catch {
    add(hash, rel, existsSync(full) ? readFileSync(full) : Buffer.from('(none)'))
    return
  }
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) collect(`${rel}/${entry.name}`, hash)
}

/** The content key of the reader's build for `base`. */
export function readerKey(base: string): string {
  const hash = createHash('sha256')
  add(hash, 'base', Buffer.from(base))
  for (const [name, value] of Object.entries(process.env).sort()) if (name.startsWith('VITE_')) add(hash, name, Buffer.from(value ?? ''))
  for (const dir of INPUT_DIRS) collect(dir, hash)
  for (const file of [...INPUT_FILES, ...buildCodeFiles()]) collect(file, hash)
  return hash.digest('hex').slice(0, 16)
}

export interface ReaderBuildOptions {
  /** Where the client files go (the site's staging folder). */
  staging: string
  base: string
  /** Vite's client build into a folder. */
  client: (dir: string) => Promise<void>
  /** The server bundle into a folder; returns its entry file's path. */
  server: (dir: string) => Promise<string>
  /** false: build afresh and remember nothing (a clean build), the server bundle in `scratchDir()`. */
  remember: boolean
  scratchDir: () => string
  /** Where remembered builds are kept (tests use their own). */
  cache?: string
}

export interface Reader {
  /** The server bundle's entry file. */
  serverBundle: string
  /** Whether the build was remembered (nothing was built). */
  remembered: boolean
  /**
   * The remembered build's folder, where what is made of these files alone may be remembered beside them
   * (the service worker); null when the build is not remembered.
   */
  folder: string | null
  /** Removes what only this build used (a bundle built without the cache). */
  release: () => void
}

/** Removes remembered builds of other keys unused for a day, and the half-built folders of dead builds. */
function sweep(cache: string, keep: string): void {
  let names: string[]
  try {
    names = readdirSync(cache)
  } catch {
    return
  }
  for (const name of names) {
    if (!name.startsWith(PREFIX) || name === keep) continue
    const path = join(cache, name)
    const pid = Number(/\.(\d+)\.tmp$/.exec(name)?.[1])
    const stale = pid > 0 ? !isAlive(pid) : Date.now() - (statSync(path, { throwIfNoEntry: false })?.mtimeMs ?? 0) > KEEP_MS
    if (stale) rmSync(path, { recursive: true, force: true })
  }
}

/**
 * The reader's client files copied into `staging`, and its server bundle: remembered under the key of their
 * inputs, or built (and remembered) when that key is new.
 */
export async function readerBuild(options: ReaderBuildOptions): Promise<Reader> {
  const { staging, base, client, server, cache = READER_CACHE } = options
  if (!options.remember) {
    await client(staging)
    const dir = options.scratchDir()
    return { serverBundle: await server(dir), remembered: false, folder: null, release: () => rmSync(dir, { recursive: true, force: true }) }
  }
  const key = readerKey(base)
  const name = `${PREFIX}${key}`
  const dir = join(cache, name)
  const remembered = existsSync(join(dir, COMPLETE))
  if (!remembered) {
    const temporary = join(cache, `${name}.${process.pid}.tmp`)
    rmSync(temporary, { recursive: true, force: true })
    mkdirSync(temporary, { recursive: true })
    await client(join(temporary, 'client'))
    const entry = await server(join(temporary, 'server'))
    writeFileSync(join(temporary, 'server', 'entry'), entry.slice(join(temporary, 'server').length + 1))
    // A source edited while Vite ran may be in these files or not: they are no build of either key, so
    // they serve this build only.
    if (readerKey(base) !== key) {
      cpSync(join(temporary, 'client'), staging, { recursive: true })
      return { serverBundle: entry, remembered: false, folder: null, release: () => rmSync(temporary, { recursive: true, force: true }) }
    }
    writeFileSync(join(temporary, COMPLETE), '')
    try {
      renameSync(temporary, dir)
    } catch {
      // Another build remembered the same key meanwhile: its files are the same.
      rmSync(temporary, { recursive: true, force: true })
    }
  } else {
    // Used now: the sweep keeps it.
    const now = new Date()
    utimesSync(dir, now, now)
  }
  cpSync(join(dir, 'client'), staging, { recursive: true })
  sweep(cache, name)
  const entry = readFileSync(join(dir, 'server', 'entry'), 'utf8')
  return { serverBundle: join(dir, 'server', entry), remembered, folder: dir, release: () => undefined }
}
