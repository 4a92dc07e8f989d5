// `npm run build`: the whole site from a `_posts/` folder into dist/: the reader (vite build), its data
// folder (dist/data), a 404.html so plain static hosts boot the app on any path, Atom feeds and a sitemap.
//   FINEWS_POSTS=DIR        the _posts/ folder (default: the embedded sample archive)
//   FINEWS_CATEGORIES=DIR   category pages (default: a "category" folder beside the posts)
//   FINEWS_BASE=/finews/    the sub-path the site is served under (default /)
//   FINEWS_SITE_URL=URL     the public address, for absolute links in feeds (default http://localhost:4173)
import { copyFileSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'vite'
import { buildContent, type ContentResult } from './build-content.ts'
import { archiveFromEnv, DEFAULT_CACHE, normalizeBase, PROJECT_ROOT } from './project-paths.ts'
import { summarize } from './report.ts'
import { runIfMain } from './run-main.ts'
import { writeSyndication } from './syndication.ts'

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

export async function buildSite(options: BuildSiteOptions): Promise<ContentResult> {
  const outDir = resolve(options.outDir)
  await build({
    root: PROJECT_ROOT,
    configFile: join(PROJECT_ROOT, 'vite.config.ts'),
    base: options.base,
    logLevel: options.quiet ? 'warn' : 'info',
    build: { outDir, emptyOutDir: true },
  })
  const result = await buildContent({
    posts: options.posts,
    categories: options.categories,
    out: join(outDir, 'data'),
    cacheDir: DEFAULT_CACHE,
  })
  await writeSyndication({ items: result.items, manifest: result.manifest, outDir, base: options.base, siteUrl: options.siteUrl })
  // GitHub Pages and similar hosts answer unknown paths with 404.html: let the app boot there too.
  copyFileSync(join(outDir, 'index.html'), join(outDir, '404.html'))
  if (!options.quiet) console.log(summarize(result, join(outDir, 'data')))
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
