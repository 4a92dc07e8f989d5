// The content pipeline end to end: list the posts, parse what changed (on every core), settle id
// collisions, write the data folder, and say what could not be read.
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { SCHEMA_VERSION, type FeedItem, type Manifest } from '../content/schema.ts'
import { planArticles, writeFeeds } from './outputs/assemble.ts'
import type { PostRecord } from './outputs/article-files.ts'
import { readCategoryPages } from './read/category-pages.ts'
import { hashKey } from './outputs/output-store.ts'
import { PostCache } from './index/post-cache.ts'
import { listFiles, relist, type ListedFile } from './read/post-listing.ts'
import type { RecordOutcome } from './read/post-host.ts'
import { defaultWorkers, PostWorkers } from './read/post-workers.ts'

export interface ContentOptions {
  /** The `_posts/` folder. */
  posts: string
  /** The folder of category pages; null for none. */
  categories: string | null
  /** The data folder to write (e.g. dist/data). */
  out: string
  /** Where to keep the incremental cache; null to parse everything. */
  cacheDir: string | null
  /**
   * A cache kept across builds by a long-running process (the dev server, `--watch`), which also decides
   * when to save it; overrides cacheDir.
   */
  cache?: PostCache
  /**
   * With `cache`: the files (absolute, or relative to `posts`) that changed since the last build with
   * that cache, as a file watcher reports them. Only these are looked at again; without this list, or
   * when a folder changed, the whole posts folder is listed.
   */
  changed?: Iterable<string> | undefined
  workers?: number
}

export interface FileProblem {
  file: string
  reasons: string[]
}

export interface ContentReport {
  read: number
  written: number
  salvaged: FileProblem[]
  rejected: FileProblem[]
  /** Category pages that could not be used (the posts are unaffected). */
  categoryPages: FileProblem[]
}

export interface ContentResult {
  report: ContentReport
  manifest: Manifest
  /** Every article as a feed item, newest first. */
  items: FeedItem[]
  stats: {
    parsed: number
    reused: number
    filesWritten: number
    bytesWritten: number
    filesRemoved: number
    /** list, parse, plan, feeds and articles, finish, and total. */
    seconds: Record<string, number>
  }
}

const IGNORED_BY_JEKYLL = /(^|\/)[._#~][^/]*$|~$/

let runningCode: string | undefined

/**
 * Changes whenever the pipeline's or the contract's code does, so stale output is never reused. Read once
 * per process (a dev server rebuilds many times): it describes the code that is running.
 */
function pipelineFingerprint(): string {
  runningCode ??= readFingerprint()
  return runningCode
}

function readFingerprint(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  const parts: string[] = [String(SCHEMA_VERSION)]
  for (const dir of [here, join(here, 'read'), join(here, 'read', 'html'), join(here, 'outputs'), join(here, 'index'), join(here, '..', 'content')]) {
    try {
      for (const f of readdirSync(dir).sort()) if (f.endsWith('.ts')) parts.push(f, readFileSync(join(dir, f), 'utf8'))
    } catch {
      parts.push(dir)
    }
  }
  return hashKey(...parts)
}

/** Durations of the build's phases, in seconds. */
function phaseTimer(): { mark: (phase: string) => void; seconds: Record<string, number> } {
  const seconds: Record<string, number> = {}
  const start = performance.now()
  let last = start
  return {
    seconds,
    mark(phase) {
      const now = performance.now()
      seconds[phase] = (now - last) / 1000
      seconds.total = (now - start) / 1000
      last = now
    },
  }
}

/** Keeps the intact post when two files claim one id; the other is reported, never silently overwritten. */
function settleIds(posts: readonly PostRecord[]): { kept: PostRecord[]; lost: FileProblem[] } {
  const first = new Map<string, PostRecord>()
  const claims = new Map<string, PostRecord[]>()
  for (const p of posts) {
    const holder = first.get(p.id)
    if (holder === undefined) first.set(p.id, p)
    else claims.set(p.id, [...(claims.get(p.id) ?? [holder]), p])
  }
  const lost: FileProblem[] = []
  for (const [id, list] of claims) {
    list.sort((a, b) => a.reasons.length - b.reasons.length || (a.file < b.file ? -1 : 1))
    const [winner, ...others] = list
    if (!winner) continue
    first.set(id, winner)
    for (const other of others) {
      lost.push({ file: other.file, reasons: [...other.reasons, `same id "${id}" as ${winner.file}, which was kept`] })
    }
  }
  return { kept: [...first.values()], lost }
}

/** The cache of a posts folder kept in `cacheDir` (in memory only when null), for this pipeline's code. */
export function openCache(cacheDir: string | null, posts: string): PostCache {
  return PostCache.open(cacheDir, resolve(posts), pipelineFingerprint())
}

export async function buildContent(options: ContentOptions): Promise<ContentResult> {
  const time = phaseTimer()
  const postsDir = resolve(options.posts)
  const fingerprint = pipelineFingerprint()
  const cache = options.cache ?? openCache(options.cacheDir, postsDir)
  cache.checkFingerprint(fingerprint)

  const relisted = options.changed && cache.listing ? relist(postsDir, cache.listing, options.changed) : null
  const files = relisted?.files ?? listFiles(postsDir)
  cache.listing = files
  const categoryPages = readCategoryPages(options.categories)
  time.mark('list')

  // Each listed file's outcome, in the listing's order: from the cache, or parsed below.
  const outcomes: (RecordOutcome | undefined)[] = files.map((f) => cache.get(f.file, f.size, f.mtimeMs))
  const toParse: ListedFile[] = []
  files.forEach((f, i) => {
    if (outcomes[i]) return
    if (IGNORED_BY_JEKYLL.test(f.file)) {
      outcomes[i] = { status: 'rejected', file: f.file, inputHash: '', reasons: ['hidden or backup file: Jekyll ignores it'] }
    } else toParse.push(f)
  })
  const workers = PostWorkers.create(options.workers ?? defaultWorkers(), toParse.length)
  try {
    const parsed = await workers.parse(postsDir, toParse.map((f) => f.file))
    const fresh = new Map(toParse.map((f, i) => [f, parsed[i]]))
    files.forEach((f, i) => {
      outcomes[i] ??= fresh.get(f)
    })
    time.mark('parse')

    const records: PostRecord[] = []
    const rejected: FileProblem[] = []
    for (const outcome of outcomes) {
      if (!outcome) continue
      if (outcome.status === 'ok') records.push(outcome.post)
      else rejected.push({ file: outcome.file, reasons: outcome.reasons })
    }
    const { kept, lost } = settleIds(records)
    rejected.push(...lost)

    const sourceEpoch = Number(process.env.SOURCE_DATE_EPOCH)
    let newestInput = 0
    for (const f of files) newestInput = Math.max(newestInput, f.mtimeMs)
    const builtAt = new Date(Number.isFinite(sourceEpoch) && sourceEpoch > 0 ? sourceEpoch * 1000 : Math.floor(newestInput)).toISOString()

    mkdirSync(options.out, { recursive: true })
    cache.memo.begin()
    const store = cache.memo.store(resolve(options.out))
    const plan = planArticles(kept, fingerprint, store, cache.memo)
    time.mark('plan')
    // The workers write their article files while this thread writes the feeds, then its own articles.
    const { result: articles, value: manifest } = await workers.writeArticles(postsDir, options.out, plan.jobs, () =>
      writeFeeds({ plan, categoryNames: categoryPages.names, fingerprint, builtAt, store, memo: cache.memo }),
    )
    time.mark('feeds and articles')
    for (const file of articles.failed) {
      rejected.push({ file, reasons: ['changed or vanished while the build ran: run the build again'] })
    }
    rejected.sort((a, b) => (a.file < b.file ? -1 : 1))
    const { removed } = store.finish(JSON.stringify(manifest))

    for (const [f, outcome] of fresh) if (outcome) cache.set(f.file, f.size, f.mtimeMs, outcome)
    if (relisted) cache.forget(relisted.gone)
    else cache.retain(files)
    cache.memo.commit()
    if (toParse.length > 0 || store.written > 0 || articles.written > 0 || removed > 0) cache.touch()
    if (!options.cache) cache.save()
    time.mark('finish')

    const salvaged = kept.filter((p) => p.reasons.length > 0).map((p) => ({ file: p.file, reasons: p.reasons }))
    salvaged.sort((a, b) => (a.file < b.file ? -1 : 1))
    return {
      report: { read: files.length, written: kept.length, salvaged, rejected, categoryPages: categoryPages.problems },
      manifest,
      items: plan.items,
      stats: {
        parsed: toParse.length,
        reused: files.length - toParse.length,
        filesWritten: store.written + articles.written,
        bytesWritten: store.bytesWritten + articles.bytes,
        filesRemoved: removed,
        seconds: time.seconds,
      },
    }
  } finally {
    await workers.close()
  }
}
