// `npm run build`: the whole site from a `_posts/` folder into dist/: the reader (vite build), its data
// folder (dist/data), a 404.html so plain static hosts boot the app on any path, Atom feeds and a sitemap.
//   FINEWS_POSTS=DIR        the _posts/ folder (default: the embedded sample archive)
//   FINEWS_CATEGORIES=DIR   category pages (default: a "category" folder beside the posts)
//   FINEWS_BASE=/finews/    the sub-path the site is served under (default /)
//   FINEWS_SITE_URL=URL     the public address, for absolute links in feeds (default http://localhost:4173)
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { buildContent, type ContentResult } from './build-content.ts'
import { archiveFromEnv, DEFAULT_CACHE, normalizeBase, PROJECT_ROOT } from './project-paths.ts'
import { summarize } from './report.ts'
import { runIfMain } from './run-main.ts'
import { writeSyndication } from './outputs/syndication.ts'

export interface BuildSiteOptions {
  posts: string
  categories: string | null
  outDir: string
  /** The sub-path the site is served under, with leading and trailing slashes. */
  base: string
  /** The public address of the site (no trailing path), for absolute links in feeds and the sitemap. */
  siteUrl: string
  quiet: boolean
}

const DATA_DIR = 'data'

/**
 * Empties the site folder but for its data folder, which the content build brings up to date in place: a
 * rebuild then writes only the files that changed and removes the rest, instead of deleting and writing
 * again every article file (113,000 files for 100,000 posts).
 */
function emptyAllButData(outDir: string): void {
  if (!existsSync(outDir)) return
  for (const name of readdirSync(outDir)) if (name !== DATA_DIR) rmSync(join(outDir, name), { recursive: true, force: true })
}

export async function buildSite(options: BuildSiteOptions): Promise<ContentResult> {
  const outDir = resolve(options.outDir)
  emptyAllButData(outDir)
  // Vite builds React's development code when NODE_ENV says anything but production, and test runners
  // set it to "test": the site is always the production build.
  const nodeEnv = process.env.NODE_ENV
  process.env.NODE_ENV = 'production'
  try {
    await build({
      root: PROJECT_ROOT,
      configFile: join(PROJECT_ROOT, 'vite.config.ts'),
      base: options.base,
      logLevel: options.quiet ? 'warn' : 'info',
      build: { outDir, emptyOutDir: false },
    })
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = nodeEnv
  }
  const result = await buildContent({
    posts: options.posts,
    categories: options.categories,
    out: join(outDir, DATA_DIR),
    cacheDir: DEFAULT_CACHE,
  })
  await writeSyndication({ items: result.items, manifest: result.manifest, outDir, base: options.base, siteUrl: options.siteUrl })
  // GitHub Pages and similar hosts answer unknown paths with 404.html: let the app boot there too.
  copyFileSync(join(outDir, 'index.html'), join(outDir, '404.html'))
  if (!options.quiet) console.log(summarize(result, join(outDir, DATA_DIR)))
  return result
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
    outDir: join(PROJECT_ROOT, 'dist'),
    base,
    siteUrl: (process.env.FINEWS_SITE_URL ?? 'http://localhost:4173').replace(/\/+$/, ''),
    quiet: false,
  })
  return result.report.written > 0 ? 0 : 1
}

runIfMain(import.meta.url, main)
