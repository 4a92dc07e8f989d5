// `npm run build` as an operator's cron runs it, killed with SIGKILL at each phase (and at seeded random
// moments inside the content build), and started twice at once on one folder. After every kill the folder
// must still serve a complete site (index.html, 404.html, and every file they, the asset manifest and the
// data manifest name); a rerun must then leave exactly the files of a clean build, byte for byte.
import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BuildPhase } from '../../src/pipeline/build-site.ts'
import { LOCK_FILE } from '../../src/pipeline/folder-lock.ts'
import { readTree, removeTempDirs, tempDir } from './support/data-folder.ts'
import { REPO_ROOT } from './support/repo-root.ts'
import { runScript, type ScriptProcess } from './support/script-process.ts'

afterAll(removeTempDirs)

/** What `npm run build` runs: the launcher, which imports the bundled build-site.ts in its own process. */
const LAUNCHER = 'src/pipeline/finews.mjs'
const SAMPLE = join(REPO_ROOT, 'src', 'sample-archive')
/** Every build here runs vite in a process of its own: minutes on a busy two-core machine. */
const SLOW = 600_000

interface Site {
  name: string
  /** The `_posts/` folder (a `category/` folder beside it). */
  posts: string
  base: string
}

/** A copy of the sample archive (keeping modification times), less the posts `drop` names. */
function archive(name: string, base: string, drop: (file: string, index: number) => boolean): Site {
  const root = join(tempDir(`archive-${name}`), 'site')
  cpSync(SAMPLE, root, { recursive: true, preserveTimestamps: true })
  const posts = join(root, '_posts')
  readdirSync(posts)
    .sort()
    .forEach((file, i) => {
      if (drop(file, i)) rmSync(join(posts, file))
    })
  return { name, posts, base }
}

function startBuild(site: Site, out: string, cache: string, stopAt?: BuildPhase): ScriptProcess {
  return runScript(LAUNCHER, ['build'], {
    FINEWS_POSTS: site.posts,
    FINEWS_BASE: site.base,
    FINEWS_SITE_URL: 'https://finews.example',
    FINEWS_OUT: out,
    FINEWS_CACHE: cache,
    FINEWS_TEST_PHASES: '1',
    ...(stopAt ? { FINEWS_TEST_STOP_AT: stopAt } : {}),
  })
}

async function buildToEnd(site: Site, out: string, cache: string): Promise<ScriptProcess> {
  const run = startBuild(site, out, cache)
  const exit = await run.exited
  expect(exit, `${run.stdout()}\n${run.stderr()}`).toEqual({ code: 0, signal: null })
  return run
}

const phaseLine = (phase: BuildPhase): RegExp => new RegExp(`^finews-test-phase ${phase}$`, 'm')

/** The site file an address in a page names (`/old/assets/x.js` → `assets/x.js`); null when off site. */
function sitePath(ref: string, bases: readonly string[]): string | null {
  if (/^[a-z]+:/i.test(ref) || ref.startsWith('//')) return null
  const path = ref.split(/[?#]/)[0] ?? ''
  const base = bases.find((b) => path.startsWith(b))
  return base === undefined ? null : path.slice(base.length)
}

/** Every file the site folder names that is missing, starting from its entry pages and manifests. */
function missingFiles(out: string, bases: readonly string[]): string[] {
  const missing = new Set<string>()
  const has = (path: string): boolean => {
    if (existsSync(join(out, path))) return true
    missing.add(path)
    return false
  }
  // The pages and, through them, the scripts and the scripts those load (lazy routes included).
  const seen = new Set<string>()
  const follow = (path: string): void => {
    if (seen.has(path) || !has(path)) return
    seen.add(path)
    if (!path.endsWith('.js')) return
    const text = readFileSync(join(out, path), 'utf8')
    for (const [, name] of text.matchAll(/["'`](?:\.\/|assets\/)([\w-]+\.(?:js|css))["'`]/g)) follow(`${dirname(path)}/${name}`)
  }
  for (const page of ['index.html', '404.html']) {
    if (!has(page)) continue
    for (const [, ref] of readFileSync(join(out, page), 'utf8').matchAll(/(?:src|href)="([^"]+)"/g)) {
      const path = sitePath(ref ?? '', bases)
      // A route (`a/<id>`, `s/1.600160`) is always served: by its prerendered page, or by 404.html, which
      // boots the app there. Files (scripts, styles, the icon, feeds) are what a page cannot do without.
      if (path !== null && /\.(?:js|css|svg|png|ico|xml|json|txt)$/.test(path)) follow(path)
    }
  }
  // Vite's manifest of the assets (read by `npm run bench`).
  if (has('.vite/manifest.json')) {
    const chunks = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Record<string, { file: string; css?: string[]; assets?: string[] }>
    for (const chunk of Object.values(chunks)) for (const path of [chunk.file, ...(chunk.css ?? []), ...(chunk.assets ?? [])]) has(path)
  }
  // The data folder's manifest and every file it names.
  if (has('data/manifest.json')) {
    const walk = (value: unknown): void => {
      if (typeof value === 'string' && /^[\w-]+\/[\w./-]+\.json$/.test(value)) has(`data/${value}`)
      else if (Array.isArray(value)) value.forEach(walk)
      else if (typeof value === 'object' && value !== null) Object.values(value).forEach(walk)
    }
    walk(JSON.parse(readFileSync(join(out, 'data', 'manifest.json'), 'utf8')))
  }
  return [...missing].sort()
}

/** Paths that differ between two folders: only in one of them, or with other bytes. */
function differences(actual: string, expected: string): { onlyHere: string[]; onlyInClean: string[]; changed: string[] } {
  const a = readTree(actual)
  const e = readTree(expected)
  return {
    onlyHere: [...a.keys()].filter((p) => !e.has(p)).sort(),
    onlyInClean: [...e.keys()].filter((p) => !a.has(p)).sort(),
    changed: [...a].filter(([p, bytes]) => e.has(p) && !e.get(p)?.equals(bytes)).map(([p]) => p).sort(),
  }
}

const NO_DIFFERENCES = { onlyHere: [], onlyInClean: [], changed: [] }

/** mulberry32: a small seeded generator, so a failing run can be repeated with its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

// Two sites that differ in every kind of file: posts (data, feeds, sitemap) and base path (index.html and
// the hashed scripts), each with its clean build in a folder of its own.
const sites: Site[] = [archive('a', '/old/', (_, i) => i % 5 === 0), archive('b', '/', () => false)]
const [siteA, siteB] = sites as [Site, Site]
/**
 * When the code that shapes the site last changed: the sources (the data folder's names hash the pipeline's
 * code), the page, the build's configuration and the installed packages.
 */
function codeStamp(): number {
  const newest = (path: string): number => {
    const stat = statSync(path, { throwIfNoEntry: false })
    if (stat === undefined) return 0
    let latest = Math.max(stat.mtimeMs, stat.ctimeMs)
    if (stat.isDirectory()) for (const name of readdirSync(path)) latest = Math.max(latest, newest(join(path, name)))
    return latest
  }
  return Math.max(...['src', 'bin', 'index.html', 'vite.config.ts', 'package.json'].map((p) => newest(join(REPO_ROOT, p))))
}

const clean = new Map<Site, { dir: string; stamp: number }>()

/**
 * A clean build of `site`, in a folder of its own, by the code as it is now: made again when the code changed
 * since the last one (in a working tree others edit, the reference must come from the code under test).
 */
async function cleanBuild(site: Site): Promise<string> {
  const made = clean.get(site)
  const stamp = codeStamp()
  if (made && made.stamp >= stamp) return made.dir
  const dir = join(tempDir(`clean-${site.name}`), 'dist')
  await buildToEnd(site, dir, tempDir(`clean-cache-${site.name}`))
  clean.set(site, { dir, stamp })
  return dir
}

beforeAll(async () => {
  for (const site of sites) await cleanBuild(site)
}, SLOW)

describe('npm run build killed with SIGKILL', () => {
  const bases = sites.map((s) => s.base)
  const out = join(tempDir('kill'), 'dist')
  const cache = tempDir('kill-cache')
  let next = 0

  beforeAll(async () => {
    await buildToEnd(siteA, out, cache)
    next = 1
  }, SLOW)

  /** Starts a build of the other site, lets `interrupt` kill it, checks the folder, then reruns it. */
  async function killAndRerun(interrupt: (run: ScriptProcess) => Promise<void>, label: string, stopAt?: BuildPhase): Promise<void> {
    const site = sites[next] as Site
    next = 1 - next
    const run = startBuild(site, out, cache, stopAt)
    await interrupt(run)
    const exit = await run.kill()
    expect(exit.code === 0 || exit.signal === 'SIGKILL', `${label}: ${run.stderr()}`).toBe(true)

    // The folder serves a whole site: the old one, the new one, or (between the moves) old pages whose
    // files are all still there, next to new ones.
    expect(missingFiles(out, bases), `${label}: files the site names but lacks`).toEqual([])

    const rerun = await buildToEnd(site, out, cache)
    if (exit.signal === 'SIGKILL' && stopAt === 'locked') {
      expect(rerun.stderr()).toContain(`taking over the lock of pid ${run.pid}`)
    }
    expect(differences(out, await cleanBuild(site)), `${label}: the rerun against a clean build`).toEqual(NO_DIFFERENCES)
  }

  // Each phase leaves different remains: a dead lock; a full staging folder; new data beside the old site;
  // some new assets, some new feeds, a new 404.html beside the old index.html; old files half removed.
  const phases: BuildPhase[] = ['locked', 'staged', 'content-built', 'assets-moving', 'files-moving', 'entry-pages', 'pruning']
  it.for(phases)('at phase "%s" leaves a servable site, and a rerun gives the files of a clean build', { timeout: SLOW }, async (phase) => {
    await killAndRerun((run) => run.waitForOutput(phaseLine(phase)), `killed at ${phase}`, phase)
  })

  // The content build (dist/data) is the lead's (build-content.ts and below): whether these pass depends
  // on its writes being crash-safe too.
  const seed = Number(process.env.FINEWS_TEST_SEED ?? Math.floor(Math.random() * 1_000_000))
  it.for([0, 1])(
    `inside the content build (seed ${seed}: FINEWS_TEST_SEED=${seed} repeats it) leaves a servable site, and a rerun gives the files of a clean build (kill %s)`,
    { timeout: SLOW },
    async (n) => {
      const after = Math.floor(random(seed + n)() * 400)
      await killAndRerun(
        async (run) => {
          await run.waitForOutput(phaseLine('content'))
          // Where the kill lands does not matter to what is checked; the delay only spreads the kills.
          await delay(after)
        },
        `seed ${seed}, kill ${n}: killed ${after} ms into the content build`,
      )
    },
  )
})

describe('two builds of different posts started at once on one folder', () => {
  it(
    'the second waits, saying who holds the folder, and starts only once the first has finished',
    { timeout: SLOW },
    async () => {
      const [first, second] = [siteB, siteA]
      const out = join(tempDir('twice'), 'dist')
      const cache = tempDir('twice-cache')
      const [cleanFirst, cleanSecond] = [await cleanBuild(first), await cleanBuild(second)]

      // The first is held right after its reader is built, with the folder locked.
      const a = startBuild(first, out, cache, 'staged')
      await a.waitForOutput(phaseLine('staged'))
      // The second is held as soon as it has the folder.
      const b = startBuild(second, out, cache, 'locked')
      await b.waitForOutput(new RegExp(`is being built by pid ${a.pid} on .*; waiting for it to finish`))
      expect(b.stdout()).not.toMatch(/finews-test-phase/)

      a.child.stdin.end('go on\n')
      await b.waitForOutput(phaseLine('locked'))
      expect(await a.exited, a.stderr()).toEqual({ code: 0, signal: null })
      // When the second got the folder, the first had finished its whole site in it.
      const whenSecondStarted = differences(out, cleanFirst)
      expect({ ...whenSecondStarted, onlyHere: whenSecondStarted.onlyHere.filter((p) => p !== LOCK_FILE) }).toEqual(NO_DIFFERENCES)

      b.child.stdin.end('go on\n')
      expect(await b.exited, b.stderr()).toEqual({ code: 0, signal: null })
      expect(b.stderr().match(/waiting for it to finish/g)).toHaveLength(1)
      expect(differences(out, cleanSecond)).toEqual(NO_DIFFERENCES)
    },
  )
})
