// Global setup of the `e2e` project, once per run: makes sure Debian's Chromium is there, finds the real
// corpus and builds the production site from it twice (base `/` and base `/finews/`) with the pipeline's
// buildSite(). Test files get the paths through `inject('finewsE2e')` (see context.ts).
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { buildSite } from '../../../src/pipeline/build-site.ts'
import { CHROMIUM_MISSING, CHROMIUM_PATH } from './chromium.ts'
import type { CorpusBuild, E2eContext } from './context.ts'

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
const CACHE = path.join(ROOT, 'node_modules/.cache/finews-e2e')
/**
 * Each run builds into a folder of its own (removed when the run ends), so that runs started at the same
 * time in one checkout (two terminals, several people) never serve each other's half-rebuilt site.
 */
const RUN_PREFIX = 'run-'
const RUN_DIR = path.join(CACHE, `${RUN_PREFIX}${process.pid}-${Date.now().toString(36)}`)

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0) // signal 0: only asks whether the process exists
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Folders left by runs whose process is gone (killed before their teardown). */
async function removeStaleRuns(): Promise<void> {
  let names: string[]
  try {
    names = await readdir(CACHE)
  } catch {
    return
  }
  for (const name of names) {
    const pid = Number(/^run-(\d+)-/.exec(name)?.[1])
    if (Number.isInteger(pid) && pid > 0 && !isAlive(pid)) await rm(path.join(CACHE, name), { recursive: true, force: true })
  }
}
/** Feeds and the sitemap need an absolute URL; nothing is ever fetched from it. */
const SITE_ORIGIN = 'https://finews.example'

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0
}

function aptInstallChromium(): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = (): boolean =>
    spawnSync('apt-get', ['install', '-y', 'chromium'], { stdio: 'inherit', env }).status === 0
  if (install()) return true
  // A machine that never ran `apt-get update` has no package lists yet.
  spawnSync('apt-get', ['update'], { stdio: 'inherit', env })
  return install()
}

/** Browser tests are never skipped: Chromium is installed here (as root) or the run fails saying how. */
function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return
  if (process.getuid?.() === 0 && hasCommand('apt-get')) {
    console.log(`e2e: Chromium not found at ${CHROMIUM_PATH}; installing Debian's chromium with apt-get`)
    aptInstallChromium()
  }
  if (!existsSync(CHROMIUM_PATH)) throw new Error(CHROMIUM_MISSING)
}

async function buildOnce(posts: string, categories: string | null, outDir: string, base: string): Promise<void> {
  await rm(outDir, { recursive: true, force: true })
  const started = performance.now()
  let result: Awaited<ReturnType<typeof buildSite>>
  try {
    result = await buildSite({ posts, categories, outDir, base, siteUrl: SITE_ORIGIN, quiet: true })
  } catch (error) {
    const reason = error instanceof Error ? (error.stack ?? error.message) : String(error)
    throw new Error(`e2e: building the site (base ${base}) from ${posts} failed:\n${reason}`, { cause: error })
  }
  const { report } = result
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `e2e: built base ${base} in ${seconds} s: ${report.read} posts read, ${report.written} written, ` +
      `${report.salvaged.length} salvaged, ${report.rejected.length} rejected -> ${path.relative(ROOT, outDir)}`,
  )
  for (const file of ['index.html', '404.html', 'data/manifest.json']) {
    if (!existsSync(path.join(outDir, file))) throw new Error(`e2e: the build for base ${base} has no ${file} in ${outDir}`)
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  ensureChromium()

  const corpusPath = path.resolve(ROOT, process.env.FINEWS_CORPUS ?? '../shared/corpus')
  const posts = path.join(corpusPath, '_posts')
  if (!existsSync(posts)) {
    const missing = `e2e: real corpus not found at ${corpusPath} (set FINEWS_CORPUS); browser tests over the corpus cannot run`
    console.log(missing)
    if (process.env.CI) throw new Error(missing)
    const context: E2eContext = { corpusPath, build: null, missing }
    project.provide('finewsE2e', context)
    return undefined
  }

  const categoryDir = path.join(corpusPath, 'category')
  const categories = existsSync(categoryDir) ? categoryDir : null
  const build: CorpusBuild = {
    corpus: corpusPath,
    posts,
    site: path.join(RUN_DIR, 'site'),
    siteFinews: path.join(RUN_DIR, 'site-finews'),
  }
  await removeStaleRuns()
  // One after the other: both run `vite build` in this process.
  await buildOnce(posts, categories, build.site, '/')
  await buildOnce(posts, categories, build.siteFinews, '/finews/')
  project.provide('finewsE2e', { corpusPath, build, missing: null })
  return () => rm(RUN_DIR, { recursive: true, force: true })
}
