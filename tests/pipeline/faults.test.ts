// Faults a build meets and must come through without losing a post: a parser or search thread that dies, a
// feed that cannot be written while the search index is built beside it, two builds started on one data
// folder, ids that are also names of every JavaScript object's properties, and HTML nested far deeper than
// any real page.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { shardOf } from '../../src/content/lookup-shards.ts'
import {
  ArticleLookupSchema,
  LookupIndexSchema,
  SecurityLookupSchema,
  type ArticleEntry,
  type LookupIndex,
  type Security,
} from '../../src/content/lookup-schema.ts'
import {
  ArticleSchema,
  FeedPageSchema,
  ManifestSchema,
  type Article,
} from '../../src/content/schema.ts'
import { buildContent, openIndex } from '../../src/pipeline/build-content.ts'
import { LOCK_FILE } from '../../src/pipeline/folder-lock.ts'
import { FeedWriter } from '../../src/pipeline/outputs/feeds.ts'
import { MIN_ARTICLES_FOR_THREADS } from '../../src/pipeline/outputs/search/day-builds.ts'
import { MIN_FILES_FOR_WORKERS } from '../../src/pipeline/read/post-workers.ts'
import { GeneratedArchive } from './support/archive-generator.ts'
import { cleanBuildByCli, contentCli, TINY_SIZES } from './support/content-cli.ts'
import { readTree, removeTempDirs, tempDir } from './support/data-folder.ts'
import { type ScriptProcess } from './support/script-process.ts'
import { siteProblems, treeDifferences } from './support/site-check.ts'

afterAll(removeTempDirs, 120_000)

const SIZES = TINY_SIZES

/** A clean build of `posts` into a fresh folder, for comparison. */
async function cleanBuild(posts: string): Promise<string> {
  const out = tempDir('clean')
  await buildContent({ posts, categories: null, out, cacheDir: null, sizes: SIZES })
  return out
}

/** The data folder read the way the app reads it: manifest, look-up index, the one shard that holds a key. */
class Site {
  readonly root: string
  constructor(root: string) {
    this.root = root
  }
  read(path: string): unknown {
    return JSON.parse(readFileSync(join(this.root, path), 'utf8'))
  }
  get lookups(): LookupIndex {
    return LookupIndexSchema.parse(this.read(ManifestSchema.parse(this.read('manifest.json')).lookups))
  }
  /** Every pair of the id's shard whose key is the id. */
  articleEntries(id: string): ArticleEntry[] {
    const shards = this.lookups.articles
    const shard = ArticleLookupSchema.parse(this.read(shards[shardOf(shards, id)]?.[1] ?? ''))
    return shard.filter(([key]) => key === id).map(([, entry]) => entry)
  }
  article(id: string): Article {
    const [entry] = this.articleEntries(id)
    if (!entry) throw new Error(`no look-up entry for ${id}`)
    return ArticleSchema.parse(this.read(entry.path))
  }
  securities(secid: string): Security[] {
    const shards = this.lookups.securities
    return SecurityLookupSchema.parse(this.read(shards[shardOf(shards, secid)]?.[1] ?? '')).filter((s) => s.secid === secid)
  }
}

/** Calls `check` every few milliseconds until it returns true; fails after a minute. */
async function until(what: string, check: () => boolean): Promise<void> {
  const deadline = Date.now() + 60_000
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
}

/** The pid in the folder's lock file, or null when there is none (or it is being written). */
function lockHolder(out: string): number | null {
  try {
    return (JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8')) as { pid: number }).pid
  } catch {
    return null
  }
}

/**
 * Runs `build` with `flag` set, which makes the worker threads it starts exit on their first request (with
 * `value` 'merge', a search thread exits on its first segment, once it has written the segment's files).
 */
async function withCrashingThread<T>(flag: 'FINEWS_TEST_CRASH_WORKER' | 'FINEWS_TEST_CRASH_SEARCH', build: () => Promise<T>, value = '1'): Promise<T> {
  process.env[flag] = value
  try {
    return await build()
  } finally {
    delete process.env[flag]
  }
}

describe('a parser thread that dies', () => {
  it('has its posts read elsewhere: every post is written, and the report names the failure', { timeout: 300_000 }, async () => {
    const posts = tempDir('posts')
    const archive = new GeneratedArchive(posts, 4242, MIN_FILES_FOR_WORKERS + 50)
    const healthy = await buildContent({ posts, categories: null, out: tempDir('healthy'), cacheDir: null, sizes: SIZES, workers: 2 })
    // The companion: this many posts do start a worker thread, so the build below does have one to lose.
    expect(healthy.stats.threads).toBeGreaterThan(0)
    expect(healthy.report.problems).toEqual([])

    const out = tempDir('out')
    const result = await withCrashingThread('FINEWS_TEST_CRASH_WORKER', () => buildContent({ posts, categories: null, out, cacheDir: null, sizes: SIZES, workers: 2 }))
    expect(result.stats.threads).toBeGreaterThan(0)
    expect(result.report.problems).toEqual([expect.stringMatching(/parser thread.*(exited|died|failed).*code 70/)])
    expect(result.report.written).toBe(archive.size)
    expect(result.report.rejected).toEqual([])
    // Nothing lost and nothing different: the folder is the one a build with a healthy thread writes.
    expect(treeDifferences(out, await cleanBuild(posts))).toEqual([])
  })
})

describe('a search thread that dies', () => {
  it('has its days built on the main thread: the search index is the one a healthy build writes, and the report names the failure', { timeout: 300_000 }, async () => {
    const posts = tempDir('posts')
    // Enough articles that the search index's days are built on a worker thread too.
    new GeneratedArchive(posts, 4343, MIN_ARTICLES_FOR_THREADS + 100)
    const out = tempDir('out')
    const result = await withCrashingThread('FINEWS_TEST_CRASH_SEARCH', () => buildContent({ posts, categories: null, out, cacheDir: null, sizes: SIZES, workers: 2 }))
    expect(result.report.problems).toEqual([expect.stringMatching(/search thread.*(exited|failed).*code 70/)])
    expect(treeDifferences(out, await cleanBuild(posts))).toEqual([])
  })

  it('while it merges a segment has it merged on the main thread: the index is the one a healthy build writes, and the report names the failure', { timeout: 300_000 }, async () => {
    const posts = tempDir('posts')
    new GeneratedArchive(posts, 4344, MIN_ARTICLES_FOR_THREADS + 100)
    const out = tempDir('out')
    const result = await withCrashingThread('FINEWS_TEST_CRASH_SEARCH', () => buildContent({ posts, categories: null, out, cacheDir: null, sizes: SIZES, workers: 2 }), 'merge')
    expect(result.report.problems).toEqual([expect.stringMatching(/search thread.*(exited|failed).*code 70/)])
    expect(treeDifferences(out, await cleanBuild(posts))).toEqual([])
  })
})

/** Every row of every table of the index in `cacheDir`, by table: what the next build starts from. */
function indexRows(cacheDir: string, posts: string, out: string): Map<string, string> {
  const index = openIndex(cacheDir, posts, out)
  const file = index.db.name
  index.close()
  const db = new Database(file, { readonly: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]
    // But the mark a build sets as it starts, so that the next one removes what a failed one left on disk.
    const rows = (table: string): unknown[] => db.prepare(table === 'meta' ? "SELECT * FROM meta WHERE key <> 'unclean'" : `SELECT * FROM "${table}"`).raw().all()
    return new Map(tables.map((table) => [table, JSON.stringify(rows(table))]))
  } finally {
    db.close()
  }
}

describe('a feed that cannot be written while the search index is built beside it', () => {
  it('fails the build with its error, leaves the site and the index as the last build left them, and the next build finishes the job', { timeout: 300_000 }, async () => {
    const posts = tempDir('posts')
    // Enough articles that the search's days are built on a worker thread while the feeds are written.
    const archive = new GeneratedArchive(posts, 4545, MIN_ARTICLES_FOR_THREADS + 100)
    const out = tempDir('out')
    const cacheDir = tempDir('cache')
    const build = (): ReturnType<typeof buildContent> => buildContent({ posts, categories: null, out, cacheDir, sizes: SIZES, workers: 2 })
    await build()
    const site = readTree(out)
    const index = indexRows(cacheDir, posts, out)

    // Most posts change, so the search has many days to build and segments to write meanwhile.
    archive.replaceAll(4546, MIN_ARTICLES_FOR_THREADS + 100)
    // The method itself, called below with the writer as `this`.
    // eslint-disable-next-line @typescript-eslint/unbound-method
    const rebuild = FeedWriter.prototype.rebuild
    let calls = 0
    const spy = vi.spyOn(FeedWriter.prototype, 'rebuild').mockImplementation(function (this: FeedWriter, ...args) {
      if (++calls === 6) throw new Error('ENOSPC: no space left on device, write')
      return rebuild.apply(this, args)
    })
    try {
      await expect(build()).rejects.toThrow(/no space left on device/)
    } finally {
      spy.mockRestore()
    }
    expect(calls).toBe(6)
    // Nothing of the failed build landed: not a file the site serves, not a row of the index.
    const after = readTree(out)
    expect([...site].filter(([path, bytes]) => !after.get(path)?.equals(bytes)).map(([path]) => path)).toEqual([])
    const rows = indexRows(cacheDir, posts, out)
    expect([...index].filter(([table, text]) => rows.get(table) !== text).map(([table]) => table)).toEqual([])

    await build()
    expect(treeDifferences(out, await cleanBuild(posts))).toEqual([])
  })
})

describe('two builds of one data folder', () => {
  it('never interleave: a second build waits for the first, and one told not to wait refuses', { timeout: 300_000 }, async () => {
    const first = tempDir('first-posts')
    const second = tempDir('second-posts')
    new GeneratedArchive(first, 11, 1500)
    new GeneratedArchive(second, 12, 300)
    const out = tempDir('out')
    const cacheDir = tempDir('cache')
    // The folder serves a site before either build starts.
    await buildContent({ posts: second, categories: null, out, cacheDir: null, sizes: SIZES })
    const before = readTree(out)

    const children: ScriptProcess[] = []
    try {
      const a = contentCli(first, out, cacheDir)
      children.push(a)
      await until('the first build holds the folder', () => lockHolder(out) === a.pid || a.child.exitCode !== null)
      // Held still (SIGSTOP) while it holds the lock, so the second build surely finds it busy.
      a.child.kill('SIGSTOP')
      expect(lockHolder(out), 'the first build was still building when stopped').toBe(a.pid)

      const b = contentCli(second, out, cacheDir)
      children.push(b)
      await b.waitForOutput(new RegExp(`being built by pid ${a.pid}\\b.*waiting for it to finish`))

      const c = contentCli(second, out, cacheDir, '--no-wait')
      children.push(c)
      const refused = await c.exited
      expect(refused.code).not.toBe(0)
      expect(c.stderr()).toMatch(new RegExp(`${escape(out)} is being built by pid ${a.pid}\\b.*not waiting for it`))
      // Meanwhile the site is still served whole: every file of it is there, unchanged.
      expect(siteProblems(out)).toEqual([])
      const during = readTree(out)
      expect([...before].filter(([path, bytes]) => !during.get(path)?.equals(bytes)).map(([path]) => path)).toEqual([])

      a.child.kill('SIGCONT')
      expect(await a.exited).toEqual({ code: 0, signal: null })
      expect(await b.exited).toEqual({ code: 0, signal: null })
      expect(a.stdout()).toMatch(/wrote 1500 articles/)
      expect(b.stdout()).toMatch(/wrote 300 articles/)
      // The second build ran after the first, alone: the folder is its clean build, and nothing else.
      expect(siteProblems(out)).toEqual([])
      const clean = tempDir('clean')
      await cleanBuildByCli(second, clean)
      expect(treeDifferences(out, clean)).toEqual([])
    } finally {
      for (const child of children) if (child.child.exitCode === null && child.child.signalCode === null) await child.kill()
    }
  })

  it('started at the same moment: both finish, and the folder is the clean build of the one that ran last', { timeout: 300_000 }, async () => {
    const first = tempDir('first-posts')
    const second = tempDir('second-posts')
    new GeneratedArchive(first, 21, 700)
    new GeneratedArchive(second, 22, 500)
    const out = tempDir('out')
    const cacheDir = tempDir('cache')
    const a = contentCli(first, out, cacheDir)
    const b = contentCli(second, out, cacheDir)
    const finished: string[] = []
    const [exitA, exitB] = await Promise.all([
      a.exited.then((e) => (finished.push(first), e)),
      b.exited.then((e) => (finished.push(second), e)),
    ])
    expect([exitA, exitB]).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ])
    expect(siteProblems(out)).toEqual([])
    const clean = tempDir('clean')
    await cleanBuildByCli(finished[1] ?? '', clean)
    expect(treeDifferences(out, clean)).toEqual([])
  })
})

describe('ids that name properties of every JavaScript object', () => {
  const IDS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']
  // Securities whose codes are such names: a secid is any market number and code of letters, digits and _.
  const SECIDS = ['106.constructor', '106.__proto__', '106.toString']

  function writePosts(posts: string, title: (id: string) => string): void {
    mkdirSync(posts, { recursive: true })
    IDS.forEach((id, i) => {
      const mentions = SECIDS.map((secid) => {
        const [market, code] = secid.split('.')
        return `<span id="stock_${secid}"><a href="https://quote.eastmoney.com/unify/r/${secid}" class="keytip" data-code="${market},${code}">${code}公司</a></span>`
      }).join('、')
      writeFileSync(
        join(posts, `2022-01-01-${id}.md`),
        `---\nlayout: post\ntitle: "${title(id)}"\ndate: 2022-01-01 0${i}:00:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>${mentions}公告称经营情况稳定。</p>\n`,
      )
    })
    // Other posts around them, so that shards hold more than these keys.
    new GeneratedArchive(join(posts, 'more'), 31, 40)
  }

  it('are written, each findable in its look-up shard as an entry of its own', async () => {
    const posts = tempDir('posts')
    writePosts(posts, (id) => `名为${id}的文章`)
    const out = tempDir('out')
    const result = await buildContent({ posts, categories: null, out, cacheDir: null, sizes: SIZES })
    expect(result.report.rejected).toEqual([])
    const site = new Site(out)
    for (const id of IDS) {
      expect(site.articleEntries(id), id).toHaveLength(1)
      expect(site.article(id).title).toBe(`名为${id}的文章`)
    }
    for (const secid of SECIDS) {
      const [security] = site.securities(secid)
      expect(security?.count, secid).toBe(IDS.length)
      const head = FeedPageSchema.parse(site.read(security?.feed.head ?? ''))
      expect(head.items.map((i) => i.id).sort(), secid).toEqual([...IDS].sort().slice(0, head.items.length))
    }
    expect(siteProblems(out)).toEqual([])
  })

  it('are updated in place by an incremental build, as a clean build writes them', async () => {
    const posts = tempDir('posts')
    const out = tempDir('out')
    const cacheDir = tempDir('cache')
    writePosts(posts, (id) => `名为${id}的文章`)
    await buildContent({ posts, categories: null, out, cacheDir, sizes: SIZES })
    writePosts(posts, (id) => `改名后的${id}`)
    const result = await buildContent({ posts, categories: null, out, cacheDir, sizes: SIZES })
    expect(result.stats.changed).toBe(IDS.length)
    expect(new Site(out).article('__proto__').title).toBe('改名后的__proto__')
    expect(treeDifferences(out, await cleanBuild(posts))).toEqual([])
  })
})

describe('HTML nested 3,000 levels deep', () => {
  it('is published, and the posts beside it too', async () => {
    const posts = tempDir('posts')
    new GeneratedArchive(posts, 41, 20)
    const depth = 3000
    const nested = `${'<div><span>'.repeat(depth / 2)}深处的一句话。${'</span></div>'.repeat(depth / 2)}`
    writeFileSync(
      join(posts, '2022-03-01-202203019999999999.md'),
      `---\nlayout: post\ntitle: "层层嵌套的正文"\ndate: 2022-03-01 09:30:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>开头一段。</p>\n\n${nested}\n`,
    )
    const out = tempDir('out')
    const result = await buildContent({ posts, categories: null, out, cacheDir: null, sizes: SIZES })
    expect(result.report.rejected).toEqual([])
    expect(result.report.written).toBe(21)
    const article = new Site(out).article('202203019999999999')
    expect(article.bodyHtml).toContain('开头一段。')
    expect(article.bodyHtml).toContain('深处的一句话。')
    expect(siteProblems(out)).toEqual([])
  })
})

/** `text` as a literal in a regular expression. */
function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}
