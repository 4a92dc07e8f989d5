// `npm run build`: the whole site from a `_posts/` folder into dist/: the reader (vite build), its data
// folder (dist/data), a 404.html so plain static hosts boot the app on any path, Atom feeds, a sitemap and
// robots.txt, and a _headers file (Content-Security-Policy, Referrer-Policy, caching) for hosts that read one.
//   FINEWS_POSTS=DIR        the _posts/ folder (default: the embedded sample archive)
//   FINEWS_CATEGORIES=DIR   category pages (default: a "category" folder beside the posts)
//   FINEWS_BASE=/finews/    the sub-path the site is served under (default /)
//   FINEWS_SITE_URL=URL     the public address, for absolute links in feeds (default http://localhost:4173)
//   FINEWS_OUT=DIR          the site folder (default: dist/ in the project)
//   FINEWS_CACHE=DIR        the incremental cache (default: node_modules/.cache/finews in the project)
//
// The folder being served is never broken: everything but the data folder is built in a staging folder
// beside the live files, then moved in by rename, the files that others name before the files that name
// them (assets, then feeds and the sitemap, then 404.html and index.html); only then are the old site's
// files removed. A build killed at any point leaves the previous site or the new one, plus a staging
// folder the next run removes. The data folder is updated in place by the content build, which keeps it
// readable throughout. The folder is locked for the build: a second build waits for the first.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import type { Plugin } from 'vite'
import { buildContent, type ContentResult } from './build-content.ts'
import { renameIntoPlace } from './durable-file.ts'
import { SiteListing } from './site-listing.ts'
import { acquireFolderLock, LOCK_FILE } from './folder-lock.ts'
import { archiveFromEnv, DEFAULT_CACHE, normalizeBase, PROJECT_ROOT } from './project-paths.ts'
import { summarize } from './report.ts'
import { readerBuild } from './reader-cache.ts'
import { runIfMain } from './run-main.ts'
import { writeServiceWorker } from './service-worker.ts'
import type { BuildManifest } from './outputs/pages/page-html.ts'
import { NOT_FOUND_ROUTE, prerenderPages } from './outputs/pages/prerender-pages.ts'
import { startRenderers, type PageRenderers, type RendererSetup } from './outputs/pages/page-renderers.ts'
import { buildServerBundle, serverBundleDir } from './outputs/pages/server-bundle.ts'
import { headersFile, POLICY_META } from './outputs/site-policy.ts'
import { writeSyndication } from './outputs/syndication.ts'
import { paths } from '../content/routes.ts'

export interface BuildSiteOptions {
  posts: string
  categories: string | null
  outDir: string
  /** The sub-path the site is served under, with leading and trailing slashes. */
  base: string
  /** The public address of the site (no trailing path), for absolute links in feeds and the sitemap. */
  siteUrl: string
  quiet: boolean
  /** The incremental cache of the content build (default: the project's); null to parse every post. */
  cacheDir?: string | null
  /** Wait while another build holds the folder (the default), or refuse at once. */
  waitForLock?: boolean
}

const DATA_DIR = 'data'
/** Staging folders are named by the pid of their build: `.staging-<pid>`. */
const STAGING_PREFIX = '.staging-'
const ASSETS_DIR = 'assets'
const HEADERS_FILE = '_headers'
/** The pages a host serves first; they name the assets, so they move last. */
const ENTRY_PAGES = ['404.html', 'index.html'] as const

/** The moments of a build at which a test may stop it (see checkpoint). */
export type BuildPhase =
  | 'locked'
  | 'staged'
  | 'content'
  | 'content-built'
  | 'assets-moving'
  | 'files-moving'
  | 'entry-pages'
  | 'pruning'

/**
 * For tests only: with FINEWS_TEST_PHASES set, the build says on standard output when it reaches each phase,
 * and at the phase FINEWS_TEST_STOP_AT names it waits for a line on standard input, so that a test can
 * kill it there (SIGKILL) or let it go on, at a known point rather than after a guessed delay.
 */
async function checkpoint(phase: BuildPhase): Promise<void> {
  if (!process.env.FINEWS_TEST_PHASES) return
  process.stdout.write(`finews-test-phase ${phase}\n`)
  if (process.env.FINEWS_TEST_STOP_AT !== phase) return
  await new Promise<void>((go) => {
    const stdin = process.stdin
    const done = (): void => {
      stdin.off('data', done).off('end', done)
      stdin.pause()
      go()
    }
    stdin.on('data', done).on('end', done)
  })
}

/** Every file under `dir`, as posix paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1).split('\\').join('/'))
}

/**
 * The order the new files go live in: hashed assets first (nothing names them yet), then the other files,
 * deepest first, since a file names those below it (sitemap.xml its sitemaps/, the feeds nothing), and the
 * entry pages last, index.html at the very end.
 */
function moveOrder(files: readonly string[]): string[] {
  const rank = (path: string): number => {
    const entry = (ENTRY_PAGES as readonly string[]).indexOf(path)
    if (entry >= 0) return 2 + entry
    return path.startsWith(`${ASSETS_DIR}/`) ? 0 : 1
  }
  const depth = (path: string): number => path.split('/').length
  return [...files].sort((a, b) => rank(a) - rank(b) || depth(b) - depth(a) || (a < b ? -1 : a > b ? 1 : 0))
}

/** Whether a top-level entry of the site folder is left alone by the build of the site itself. */
function ownedElsewhere(name: string, staging: string): boolean {
  return name === DATA_DIR || name === LOCK_FILE || name === staging
}

/**
 * Removes what the new site does not use: files in none of `keep` and folders with nothing kept below (but
 * a folder the page keys vouch for, whose kept pages `keep` leaves out, and whose names are those that may go). The
 * data folder, the lock and this build's staging folder are not the site's to remove. Says at the first
 * removal. Walks the names `listing` read, some of them before the new files moved in: those are all kept,
 * so a folder read before them needs no second look.
 */
async function pruneOld(listing: SiteListing, staging: string, keep: readonly ReadonlySet<string>[]): Promise<void> {
  const keptDirs = new Set<string>()
  for (const files of keep) for (const path of files) for (let i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) keptDirs.add(path.slice(0, i))
  let first = true
  const removed = async (): Promise<void> => {
    if (!first) return
    first = false
    await checkpoint('pruning')
  }
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const name of listing.names(dir)) {
      const rel = `${prefix}${name}`
      if (prefix === '' && ownedElsewhere(name, staging)) continue
      if (keptDirs.has(rel) || listing.vouches(rel)) await walk(rel, `${rel}/`)
      else if (!keep.some((files) => files.has(rel))) {
        rmSync(join(listing.root, rel), { recursive: true, force: true })
        await removed()
      }
    }
  }
  await walk('', '')
}

/** Removes the staging folders of earlier builds: any there now was left by a build that was killed. */
function removeLeftoverStaging(outDir: string): void {
  for (const name of readdirSync(outDir)) {
    if (name.startsWith(STAGING_PREFIX)) rmSync(join(outDir, name), { recursive: true, force: true })
  }
}

/**
 * Puts the Content-Security-Policy and referrer policy at the top of the built index.html's head, before
 * anything it loads. Only in the production build: the dev server's own inline scripts (React refresh, HMR)
 * would be refused by the policy.
 */
function sitePolicy(): Plugin {
  return {
    name: 'finews-site-policy',
    apply: 'build',
    transformIndexHtml: () => POLICY_META.map((attrs) => ({ tag: 'meta', attrs: { ...attrs }, injectTo: 'head-prepend' as const })),
  }
}

/**
 * Runs `work` with NODE_ENV=production. Vite builds React's development code when NODE_ENV says anything
 * but production, and test runners set it to "test": the site is always the production build, and the
 * prerenderer loads React's production server code to match.
 */
async function withProductionEnv<T>(work: () => Promise<T>): Promise<T> {
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    return await work()
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
}

/**
 * Runs `work` with page renderers started now, and closes them after it, whatever happened: their threads
 * end while the build goes on (stopping one took 12 ms of a one-post build). They take the environment as
 * it is when they start: production, as the prerenderer's own.
 */
async function withRenderers<T>(setup: RendererSetup, work: (renderers: PageRenderers) => Promise<T>): Promise<T> {
  const renderers = await withProductionEnv(() => Promise.resolve(startRenderers(setup)))
  try {
    return await work(renderers)
  } finally {
    renderers.close().catch(() => undefined)
  }
}

/** Vite's production build of the reader into `outDir`. */
async function buildReader(outDir: string, options: BuildSiteOptions): Promise<void> {
  await withProductionEnv(async () => {
    // Vite is loaded only when the reader is built (a remembered build needs none of its half second).
    const { build } = await import('vite')
    await build({
      root: PROJECT_ROOT,
      configFile: join(PROJECT_ROOT, 'vite.config.ts'),
      base: options.base,
      logLevel: options.quiet ? 'warn' : 'info',
      plugins: [sitePolicy()],
      build: {
        outDir,
        emptyOutDir: true,
        // Rolldown warns when plugins take a good share of a build, as they do on a busy machine: a hint
        // for plugin authors that an operator can do nothing about (and a warning fails the tests).
        rolldownOptions: { checks: { bundlerTimings: false } },
      },
    })
  })
}

export async function buildSite(options: BuildSiteOptions): Promise<ContentResult> {
  const outDir = resolve(options.outDir)
  const lock = await acquireFolderLock(outDir, { wait: options.waitForLock ?? true, purpose: `build of the site from ${options.posts}` })
  try {
    await checkpoint('locked')
    removeLeftoverStaging(outDir)
    const stagingName = `${STAGING_PREFIX}${process.pid}`
    const staging = join(outDir, stagingName)
    mkdirSync(staging, { recursive: true })
    // The reader's client files and the prerenderer's server bundle (in the project's cache, not in the site):
    // remembered under a key of their sources, so a build after new posts does not run Vite again.
    const reader = await readerBuild({
      staging,
      base: options.base,
      client: (dir) => buildReader(dir, options),
      server: (dir) => withProductionEnv(() => buildServerBundle(dir, options.base, options.quiet)),
      remember: options.cacheDir !== null,
      scratchDir: serverBundleDir,
    })
    if (!options.quiet && reader.remembered) console.log('Reader: the remembered build of these sources (Vite not run)')
    const serverBundle = reader.serverBundle
    // The first rendering thread loads the server bundle once the posts are listed, on the core the content
    // build leaves idle; it reads the data folder only when it is asked for a page, once the content is built.
    const { result, listing, prerendered, syndicated } = await withRenderers({ serverBundle, base: options.base, dataDir: join(outDir, DATA_DIR) }, async (renderers) => {
      // The service worker and the app shell it falls back to offline, from Vite's files as they are now.
      await writeServiceWorker(staging, reader.folder)
      await checkpoint('staged')

      // The data folder is brought up to date in place (a rebuild of a large archive writes only what
      // changed); the content build keeps it readable throughout.
      await checkpoint('content')
      let syndicated = new Set<string>()
      const result = await buildContent({
        posts: options.posts,
        categories: options.categories,
        out: join(outDir, DATA_DIR),
        cacheDir: options.cacheDir === undefined ? DEFAULT_CACHE : options.cacheDir,
        listed: () => void renderers.warm(NOT_FOUND_ROUTE),
        published: async (archive, manifest, republished) => {
          // The not-found page, which every build renders (its header stands for every page's), is drawn
          // from the new data on the rendering thread meanwhile; so are, when articles were published anew,
          // their pages (their entries are new) and home (its key is the manifest).
          renderers.ahead(NOT_FOUND_ROUTE)
          if (republished.length > 0) {
            renderers.ahead(paths.home())
            for (const id of republished) renderers.ahead(paths.article(id))
          }
          // The Atom feeds and sitemap come from the archive index while it is open, and go to the staging
          // folder with the rest of the site, but those the live site holds already, which stay.
          syndicated = await writeSyndication({
            archive,
            manifest,
            outDir: staging,
            live: outDir,
            base: options.base,
            siteUrl: options.siteUrl,
            cacheDir: options.cacheDir === undefined ? DEFAULT_CACHE : options.cacheDir,
          })
        },
      })
      await checkpoint('content-built')
      // Every route's first screen as HTML (index.html and 404.html included), into the staging folder; the
      // pages whose content key is unchanged stay where they are in the live folder.
      const template = readFileSync(join(staging, 'index.html'), 'utf8')
      // Vite's index.html is the shell, not a page: home is written as index.html only when it changed.
      rmSync(join(staging, 'index.html'))
      // The live folder's names, read as the prerenderer asks for them and pruned from at the end.
      const listing = new SiteListing(outDir)
      const prerendered = await withProductionEnv(() =>
        prerenderPages({
          site: listing,
          dataDir: join(outDir, DATA_DIR),
          stagingDir: staging,
          template,
          buildManifest: JSON.parse(readFileSync(join(staging, '.vite', 'manifest.json'), 'utf8')) as BuildManifest,
          serverBundle,
          base: options.base,
          siteUrl: options.siteUrl,
          manifest: result.manifest,
          cacheDir: options.cacheDir === undefined ? DEFAULT_CACHE : options.cacheDir,
          renderers,
        }),
      )
      return { result, listing, prerendered, syndicated }
    })
    reader.release()
    if (!options.quiet) console.log(`Pages: ${prerendered.rendered} rendered, ${prerendered.kept} unchanged, in ${prerendered.seconds.toFixed(1)} s${prerendered.skipped.length > 0 ? `; ${prerendered.skipped.length} routes without a file name (the app serves them from 404.html)` : ''}`)
    for (const problem of prerendered.problems) console.error(`finews: ${problem}`)
    // The policy again as real headers, and the cache rules, for hosts that read a _headers file.
    writeFileSync(join(staging, HEADERS_FILE), headersFile(options.base))

    const files = moveOrder(filesUnder(staging))
    let phase: BuildPhase | null = null
    for (const path of files) {
      renameIntoPlace(join(staging, path), join(outDir, path))
      const now: BuildPhase = path === ENTRY_PAGES[0] ? 'entry-pages' : path.startsWith(`${ASSETS_DIR}/`) ? 'assets-moving' : 'files-moving'
      if (now !== phase && path !== ENTRY_PAGES[1]) await checkpoint(now)
      phase = now
    }
    await pruneOld(listing, stagingName, [new Set(files), prerendered.pages, syndicated])
    await prerendered.saveKeys()
    rmSync(staging, { recursive: true, force: true })
    if (!options.quiet) console.log(summarize(result, join(outDir, DATA_DIR)))
    return result
  } finally {
    lock.release()
  }
}

async function main(): Promise<number> {
  const { posts, categories } = archiveFromEnv(process.env)
  if (!existsSync(posts)) {
    console.error(`FINEWS_POSTS=${posts}: no such folder`)
    return 2
  }
  const base = normalizeBase(process.env.FINEWS_BASE)
  const result = await buildSite({
    posts,
    categories,
    outDir: resolve(process.env.FINEWS_OUT ?? join(PROJECT_ROOT, 'dist')),
    base,
    siteUrl: (process.env.FINEWS_SITE_URL ?? 'http://localhost:4173').replace(/\/+$/, ''),
    quiet: false,
    cacheDir: process.env.FINEWS_CACHE ? resolve(process.env.FINEWS_CACHE) : DEFAULT_CACHE,
  })
  return result.report.written > 0 ? 0 : 1
}

runIfMain(import.meta.url, main)
