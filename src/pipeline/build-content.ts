// The content pipeline end to end, the same in every mode (a new CLI process, `--watch`, the dev server,
// `npm run build`):
//   1. lock the data folder and open the archive index (index/);
//   2. find the change set: what was added, changed, removed or renamed since the index last saw the posts
//      folder (changes/change-set.ts);
//   3. read what changed on every core; each post's article file is written as it is parsed (read/);
//   4. in one transaction, apply the change set to the index and rewrite the outputs it touched (feeds,
//      look-ups, home, manifest: outputs/), each named by a content key of its inputs;
//   5. swap the manifest in, then remove the files nothing names any more.
// A build killed at any point leaves the previous site whole; the next one finishes the job.
import { existsSync, readFileSync } from 'node:fs'
import { join, relative, resolve, sep } from 'node:path'
import { MANIFEST_FILE, type FeedItem, type Manifest } from '../content/schema.ts'
import { applyChanges, newApplyState, type Touched } from './changes/apply-changes.ts'
import { findChanges, type ChangeSet } from './changes/change-set.ts'
import { acquireFolderLock } from './folder-lock.ts'
import { hashKey } from './hash-key.ts'
import { ArchiveIndex } from './index/archive-index.ts'
import { fingerprints } from './index/fingerprint.ts'
import { storeDigests } from './index/signature-buckets.ts'
import { makeManifest, writeHome } from './outputs/archive-files.ts'
import { writeCategoryHot, writeHistories, writeHot } from './outputs/market/market-files.ts'
import { FeedWriter } from './outputs/feeds.ts'
import { updateArticleEntries, updateSecurities, writeLookupIndex, writeShards, type LookupContext } from './outputs/lookups.ts'
import { OutputFolder } from './outputs/output-folder.ts'
import { withSizes, type OutputSizes } from './outputs/sizes.ts'
import { dropSearch, searchFiles, updateSearch } from './outputs/search/search-index.ts'
import type { Progress } from './progress.ts'
import { readCategoryPages } from './read/category-pages.ts'
import type { ListedFile } from './listing/post-listing.ts'
import { readPostFileName } from './read/post-file.ts'
import { chunkEnds, defaultWorkers, readOnEveryCore } from './read/post-workers.ts'
import { readPosts, type ReadOutcome } from './read/read-posts.ts'

export interface ContentOptions {
  /** The `_posts/` folder. */
  posts: string
  /** The folder of category pages; null for none. */
  categories: string | null
  /** The data folder to write (e.g. dist/data). */
  out: string
  /** Where the archive index is kept; null for an index in memory (a build that remembers nothing). */
  cacheDir: string | null
  /** An index a long-running process (the dev server, `--watch`) keeps open across builds; overrides cacheDir. */
  index?: ArchiveIndex
  /**
   * The files (absolute, or relative to `posts`) a watcher saw change since the last build with this index:
   * only these are looked at. Without it, the whole posts folder is listed.
   */
  changed?: Iterable<string> | undefined
  workers?: number
  /**
   * How many posts are read before they are applied to the index (in the build's one transaction): the
   * records of one part only are in memory at a time. Any size gives the same output (tests make it tiny).
   */
  part?: number
  /** Page, list and shard sizes (tests make them tiny). */
  sizes?: Partial<OutputSizes>
  /**
   * False: no search index (`--no-search`). The manifest then names none, and the reader says that search is
   * unavailable; the index a build before wrote goes, and the next build with search builds it whole. The
   * bench builds without it to print what the index adds to a cold build (#13).
   */
  search?: boolean
  /** Wait for another build of the same data folder to finish (default), or refuse at once. */
  waitForLock?: boolean
  /** A progress line for long builds (see progress.ts). */
  progress?: (total: number) => Progress
  /**
   * Called once the posts are listed, when the listing's helper thread is done: the site build then starts
   * a page-rendering thread, to load while the rest is built.
   */
  listed?: () => void
  /**
   * Runs with the index open once the new data folder is live (its manifest in place), while the files it
   * no longer names are removed: the site build writes its Atom feeds and sitemap from the index, and starts
   * rendering its first pages. `republished`: ids published from another file than before (at most
   * REPUBLISHED_NAMED of them, apply-changes.ts), whose pages the site build will render again.
   */
  published?: (archive: ArchiveReader, manifest: Manifest, republished: readonly string[]) => Promise<void> | void
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
  /** What went wrong in the build itself and how it was worked around (a parser thread that died...). */
  problems: string[]
}

export interface ContentResult {
  report: ContentReport
  manifest: Manifest
  stats: {
    /** Posts read (parsed) this build, and left as the index had them. */
    parsed: number
    reused: number
    added: number
    changed: number
    removed: number
    renamed: number
    /** Worker threads that read posts. */
    threads: number
    filesWritten: number
    bytesWritten: number
    /** Files put as a link to a file of the same bytes (a search segment's unchanged files), none written. */
    filesLinked: number
    /** Search segments written by patching the shards an edit reached (outputs/search/segment-patch.ts). */
    segmentsPatched: number
    /** Days whose search terms were patched for articles edited in place, not built again (search-days.ts). */
    searchDaysPatched: number
    filesRemoved: number
    /** list, read, outputs, finish, and total. */
    seconds: Record<string, number>
  }
}

/** What the site build's syndication reads from the index. */
export interface ArchiveReader {
  /** The newest `n` articles of a feed (`all`, `c:<slug>`, `t:<tag>`), newest first. */
  newest(feed: string, n: number): FeedItem[]
  /** Every article's id (twins included), oldest first (by time, then id). */
  articleIds(): string[]
}

/**
 * Posts applied to the index at a time (see ContentOptions.part). A part is applied on this thread between
 * its own batches of parsing, while each worker thread parses what it holds (REQUESTS_PER_WORKER batches):
 * a part must be applied before a worker runs out. 2,000 posts take about 0.15 s to apply at 100,000; the
 * 20,000 of before took about 1.4 s, and the worker thread sat idle 6.9 s of a cold build's 26.6 s of
 * reading (`node --cpu-prof`). Smaller parts make apply slower (at 100,000: 0.8 s more with 2,000, 1.3 s
 * with 1,000; at a million 16 s more with 2,000, against 55 s less reading). README, Speed: "Parts small
 * enough to keep the worker busy".
 */
const APPLY_PART = 2_000

const IGNORED_BY_JEKYLL = /(^|\/)[._#~][^/]*$|~$/

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

/** The index of one posts folder built into one data folder, kept in `cacheDir` (in memory when null). */
export function openIndex(cacheDir: string | null, posts: string, out: string): ArchiveIndex {
  return ArchiveIndex.open(cacheDir ? join(cacheDir, `index-${hashKey(resolve(posts), resolve(out))}.sqlite`) : null)
}

/**
 * Which files, of those a watcher named, are in the posts folder (relative to it). A watcher names them as
 * it was given the folder: relative to the working directory, as `--posts _posts` is, or absolute.
 */
function postsAmong(postsDir: string, changed: Iterable<string>): string[] {
  const files: string[] = []
  const root = resolve(postsDir)
  for (const file of changed) {
    const rel = relative(root, resolve(file))
    if (rel && !rel.startsWith('..') && !rel.startsWith(sep)) files.push(rel.split(sep).join('/'))
  }
  return files
}

interface Prepared {
  /** A build before this one did not finish: files it wrote that nothing names must be found and removed. */
  unclean: boolean
  /** Outputs must all be made again (new output code, other sizes, a new index). */
  rebuildOutputs: boolean
}

/**
 * Gets the index and the folder in step before a build: an index that did not write this folder starts
 * afresh, new parsing code re-reads every post, and what a killed build left half done is finished.
 */
async function prepare(index: ArchiveIndex, folder: OutputFolder, sizes: OutputSizes, problems: string[]): Promise<Prepared> {
  const { parse, output } = fingerprints()
  // The folder is the one this index wrote when its manifest is the last one this index put there (or the
  // one it was about to put there when it was killed); else it was emptied or written by another build.
  const manifestPath = join(folder.root, MANIFEST_FILE)
  const onDisk = existsSync(manifestPath) ? readFileSync(manifestPath, 'utf8') : null
  const committed = index.get('manifest')
  const swapped = index.get('swapped')
  let unclean = index.get('unclean') === '1'
  if (committed === undefined && swapped === undefined) {
    // A new index: whatever the folder holds is unknown to it (nothing to clean in an empty folder).
    folder.empty = folder.isEmpty()
    unclean = !folder.empty
  } else if (onDisk !== committed && onDisk !== swapped) {
    problems.push('the data folder is not as this index left it (emptied, or written by another build): built in full')
    index.reset()
    unclean = true
  } else if (!entryFilesThere(index, folder)) {
    problems.push('files the manifest names were deleted from the data folder: built in full')
    index.reset()
    unclean = true
  }
  const parsedWith = index.get('parseKey')
  if (parsedWith !== parse) {
    // Every post is read again, and everything made from the old records is made again: the clean-up finds
    // the files the old rows named. (Forgetting the posts alone kept the article of a post removed in the
    // same run: nothing said it was gone.) An index without a key is new or was just reset, and the branches
    // above said whether its folder needs the clean-up: a new index's empty folder does not (at a million
    // posts, listing the 1.3 million files it wrote and finding each named took 3.4 s of a cold build).
    if (parsedWith !== undefined) {
      index.reset()
      unclean = true
    }
    index.set('parseKey', parse)
  }
  const sizeKey = JSON.stringify(sizes)
  const rebuildOutputs = index.get('outputKey') !== output || index.get('sizes') !== sizeKey
  // A build killed after its commit: put its manifest in place, then remove what it replaced.
  const garbage = index.db.prepare('SELECT path FROM garbage').pluck().all() as string[]
  if (garbage.length > 0) {
    const manifest = index.get('manifest')
    if (manifest) {
      folder.swapManifest(manifest)
      index.set('swapped', manifest)
    }
    await folder.removeMany(garbage)
    index.db.exec('DELETE FROM garbage')
  }
  index.set('unclean', '1')
  return { unclean, rebuildOutputs }
}

/**
 * Whether the files a reader reaches first are all there: each feed's newest page, the look-up shards and
 * index, the home file. A few thousand stats, so a folder someone pruned by hand is noticed; article files and
 * older pages are not checked one by one (a million stats), `--no-cache` rebuilds those.
 */
function entryFilesThere(index: ArchiveIndex, folder: OutputFolder): boolean {
  const db = index.db
  for (const sql of ['SELECT head FROM feeds WHERE head IS NOT NULL', 'SELECT path FROM shards']) {
    for (const path of db.prepare(sql).pluck().all() as string[]) if (!folder.has(path)) return false
  }
  for (const key of ['home', 'lookups']) {
    const path = index.get(key)
    if (path !== undefined && !folder.has(path)) return false
  }
  return true
}

/**
 * The files of the change set to parse, in the order they are read and applied, and where each part ends:
 * the files of contested ids all in the first part (which of them keeps the id is decided once, and the
 * articles of the others are never written), the rest in listing order, `part` files at a time.
 */
function readPlan(changes: ChangeSet, contested: readonly string[], part: number): { files: string[]; ends: number[]; hidden: ReadOutcome[] } {
  const hidden: ReadOutcome[] = []
  const first: string[] = []
  const rest: string[] = []
  const claimed = new Set(contested)
  for (const f of changes.toRead) {
    if (IGNORED_BY_JEKYLL.test(f.file)) hidden.push({ file: f.file, hash: '', record: null, reasons: ['hidden or backup file: Jekyll ignores it'] })
    else if (claimed.size > 0 && claimed.has(readPostFileName(f.file).id)) first.push(f.file)
    else rest.push(f.file)
  }
  const files = [...first, ...rest]
  return { files, ends: chunkEnds(files.length, part, Math.max(part, first.length)), hidden }
}

/**
 * The ids that more than one file claims once this change set is applied (an id comes from its file's
 * name alone): the files to read that share an id with each other or with a file the index keeps.
 */
function contestedIds(index: ArchiveIndex, changes: ChangeSet): string[] {
  const reading = new Map<string, string[]>()
  for (const f of changes.toRead) {
    const id = readPostFileName(f.file).id
    const files = reading.get(id)
    if (files) files.push(f.file)
    else reading.set(id, [f.file])
  }
  const removed = new Set(changes.removed)
  const indexed = index.db.prepare('SELECT file FROM posts WHERE id = ?').pluck()
  const empty = index.db.prepare('SELECT NOT EXISTS (SELECT 1 FROM posts)').pluck().get() === 1
  const contested: string[] = []
  for (const [id, files] of reading) {
    const others = empty ? [] : (indexed.all(id) as string[]).filter((file) => !removed.has(file) && !files.includes(file))
    if (files.length + others.length > 1) contested.push(id)
  }
  return contested
}

function builtAt(index: ArchiveIndex): string {
  const sourceEpoch = Number(process.env.SOURCE_DATE_EPOCH)
  if (Number.isFinite(sourceEpoch) && sourceEpoch > 0) return new Date(sourceEpoch * 1000).toISOString()
  const newest = (index.db.prepare('SELECT max(mtime) FROM posts WHERE size >= 0').pluck().get() as number | null) ?? 0
  return new Date(Math.floor(newest)).toISOString()
}

/** Every feed, when the outputs are all to be made again. */
function everyFeed(index: ArchiveIndex, touched: Touched): void {
  // Entries are all made again, in the buckets the present sizes give.
  index.db.exec('DELETE FROM entries; DELETE FROM securities')
  for (const name of index.db.prepare('SELECT name FROM feeds').pluck().all() as string[]) touched.feeds.set(name, { shift: null, edited: [] })
  for (const id of index.db.prepare('SELECT id FROM articles').pluck().iterate() as Iterable<string>) touched.entries.add(id)
  for (const name of touched.feeds.keys()) if (name.startsWith('s:')) touched.securities.add(name.slice(2))
}

/** Rewrites every output the change set touched and returns the manifest (not yet in place). */
async function writeOutputs(
  index: ArchiveIndex,
  folder: OutputFolder,
  sizes: OutputSizes,
  touched: Touched,
  rebuildOutputs: boolean,
  categoryNames: ReadonlyMap<string, string>,
  time: { mark: (phase: string) => void },
  threads: number,
  problems: string[],
  counts: { segmentsPatched: number; searchDaysPatched: number },
  withSearch: boolean,
): Promise<Manifest> {
  const outputKey = fingerprints().output
  const context: LookupContext = { index, folder, sizes, outputKey, garbage: touched.garbage }
  // The search index first, beside the rest: its days are built on the worker threads while this thread
  // writes the feeds and look-ups, yielding between them so the workers are handed more days and each
  // segment is written when its days are built. The two share no table and no file: the search reads the
  // articles and twins, which the change set has applied already, and each output is a function of its own
  // inputs, whatever the interleaving. Should this side fail, the search is stopped and waited for before
  // the transaction is rolled back, so none of its writes land outside it.
  const stop = new AbortController()
  let done = (): void => undefined
  const free = new Promise<void>((resolve) => (done = resolve))
  // An index with no search root (new, or the last build had none) is built whole.
  const searching = withSearch
    ? updateSearch(
        { index, folder, outputKey, garbage: touched.garbage, threads, undatedRun: sizes.undatedRun, beside: { stop: stop.signal, free } },
        touched.entries,
        rebuildOutputs || index.get('searchRoot') === undefined,
      )
    : Promise.resolve(dropSearch(index, touched.garbage))
  // Handled here at once: a failure is thrown where it is awaited, never reported as unhandled meanwhile.
  searching.catch(() => undefined)
  let rest
  try {
    rest = await writeFeedsAndLookups(context, touched, rebuildOutputs, time)
  } catch (error) {
    stop.abort()
    await searching.catch(() => undefined)
    throw error
  } finally {
    done()
  }
  const search = await searching
  problems.push(...search.problems)
  counts.segmentsPatched += search.patched
  counts.searchDaysPatched += search.daysPatched
  time.mark('search')
  const securities = index.db.prepare('SELECT count(*) FROM securities').pluck().get() as number
  const manifest = makeManifest({ index, categoryNames, builtAt: builtAt(index), ...rest, securities })
  return search.root === null ? manifest : { ...manifest, search: search.root }
}

/** Lets the event loop run: the search's workers are answered and handed more days (see writeOutputs). */
function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve))
}

/** Every output but the search index and the manifest; returns what the manifest names of them. */
async function writeFeedsAndLookups(
  context: LookupContext,
  touched: Touched,
  rebuildOutputs: boolean,
  time: { mark: (phase: string) => void },
): Promise<{ home: string; market: string; lookups: string }> {
  const { index, folder, sizes, outputKey } = context
  const feeds = new FeedWriter(context)
  // Securities last: their entries name their feeds.
  const names = [...touched.feeds.keys()].sort((a, b) => Number(a.startsWith('s:')) - Number(b.startsWith('s:')))
  for (const name of names) {
    await feeds.rebuild(name, touched.feeds.get(name) ?? null, breathe)
    await breathe()
  }
  time.mark('feeds')
  const refOf = index.db.prepare('SELECT count, head FROM feeds WHERE name = ?')
  const feedRef = (name: string): { count: number; head: string | null } => {
    const row = refOf.get(name) as { count: number; head: string | null } | undefined
    return row && row.count > 0 ? row : { count: 0, head: null }
  }
  const changedEntries = await updateArticleEntries(context, touched.entries, breathe)
  time.mark('entries')
  // Each step below runs whole; between them the search's threads are handed more days (at a million posts
  // they are seconds long, and the search thread idled through them).
  // Each security's history first (its entry names it), 热门 after (it shows their names).
  writeHistories(context, touched.securities)
  await breathe()
  const changedSecurities = updateSecurities(context, touched.securities, feedRef)
  await breathe()
  const market = writeHot(context)
  replaceOwned(index, 'market', market, touched.garbage)
  const categories = new Map([...touched.feeds].filter(([name]) => name.startsWith('c:')).map(([name, change]) => [name.slice(2), change]))
  writeCategoryHot(context, categories, touched.securities)
  time.mark('securities')
  await breathe()
  const articleShards = writeShards(context, 'articles', changedEntries, rebuildOutputs)
  await breathe()
  const securityShards = writeShards(context, 'securities', changedSecurities, rebuildOutputs)
  const lookups = writeLookupIndex(context, articleShards, securityShards)
  replaceOwned(index, 'lookups', lookups, touched.garbage)
  await breathe()

  let home = index.get('home')
  if (home === undefined || rebuildOutputs || [...touched.feeds.keys()].some((name) => name.startsWith('t:'))) {
    home = writeHome(index, folder, sizes, outputKey)
    replaceOwned(index, 'home', home, touched.garbage)
  }
  time.mark('lookups, home')
  return { home, market, lookups }
}

/** Records a singleton output's new file; the one it replaces becomes garbage. */
function replaceOwned(index: ArchiveIndex, key: string, path: string, garbage: Set<string>): void {
  const old = index.get(key)
  if (old !== undefined && old !== path) garbage.add(old)
  index.set(key, path)
}

/** Every file the index names: what a clean-up after a killed build must keep. */
function namedFiles(index: ArchiveIndex): Set<string> {
  const named = new Set<string>()
  const db = index.db
  for (const sql of ['SELECT path FROM articles', 'SELECT path FROM pages', 'SELECT path FROM lists', 'SELECT path FROM day_files', 'SELECT head FROM feeds WHERE head IS NOT NULL', 'SELECT path FROM shards', 'SELECT path FROM sec_history', 'SELECT path FROM cat_hot WHERE path IS NOT NULL']) {
    for (const path of db.prepare(sql).pluck().iterate() as Iterable<string>) named.add(path)
  }
  for (const key of ['home', 'lookups', 'market']) {
    const path = index.get(key)
    if (path) named.add(path)
  }
  for (const path of searchFiles(index)) named.add(path)
  return named
}

/** What the build read and wrote, and why files were salvaged or rejected; `written`, the manifest's count of article files. */
function report(index: ArchiveIndex, written: number, categoryProblems: FileProblem[], problems: string[]): ContentReport {
  const db = index.db
  const parseReasons = (rows: { file: string; reasons: string }[]): FileProblem[] => rows.map((r) => ({ file: r.file, reasons: JSON.parse(r.reasons) as string[] }))
  // Each question is answered from a small index (see archive-index.ts), never by reading every record.
  const salvaged = parseReasons(
    db.prepare("SELECT p.file, p.reasons FROM posts p WHERE p.reasons != '[]' AND p.id IS NOT NULL AND EXISTS (SELECT 1 FROM articles a WHERE a.id = p.id AND a.file = p.file)").all() as {
      file: string
      reasons: string
    }[],
  )
  const rejected = parseReasons(db.prepare("SELECT file, reasons FROM posts WHERE reasons != '[]' AND id IS NULL").all() as { file: string; reasons: string }[])
  // CROSS JOIN keeps the few contested ids outermost: left to choose, SQLite walked every post (13 s at a million).
  const losers = db
    .prepare('SELECT p.file, p.reasons, p.id, a.file AS kept FROM contested c CROSS JOIN posts p ON p.id = c.id CROSS JOIN articles a ON a.id = c.id WHERE p.file != a.file')
    .all() as { file: string; reasons: string; id: string; kept: string }[]
  for (const l of losers) rejected.push({ file: l.file, reasons: [...(JSON.parse(l.reasons) as string[]), `same id "${l.id}" as ${l.kept}, which was kept`] })
  const byFile = (a: FileProblem, b: FileProblem): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)
  return {
    read: db.prepare('SELECT count(*) FROM posts').pluck().get() as number,
    written,
    salvaged: salvaged.sort(byFile),
    rejected: rejected.sort(byFile),
    categoryPages: categoryProblems,
    problems,
  }
}

function archiveReader(index: ArchiveIndex): ArchiveReader {
  const db = index.db
  const newest = db.prepare('SELECT a.item FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = (SELECT fid FROM feeds WHERE name = ?) ORDER BY m.t DESC, m.id DESC LIMIT ?').pluck()
  // Every article file, twins included (the feed of all articles lists a story once), oldest first: read from
  // the index on (t, id) alone. By id, SQLite read the table itself, every row's item, and at 100,000 posts
  // that took 0.5 s of a one-post site build (0.07 s this way).
  const ids = db.prepare('SELECT id FROM articles ORDER BY t, id').pluck()
  return {
    newest: (feed, n) => (newest.all(feed, n) as string[]).map((item) => JSON.parse(item) as FeedItem),
    articleIds: () => ids.all() as string[],
  }
}

export async function buildContent(options: ContentOptions): Promise<ContentResult> {
  const time = phaseTimer()
  const postsDir = resolve(options.posts)
  const out = resolve(options.out)
  const sizes = withSizes(options.sizes)
  const folder = new OutputFolder(out)
  const lock = await acquireFolderLock(out, { wait: options.waitForLock ?? true, purpose: `finews content build of ${postsDir}` })
  const index = options.index ?? openIndex(options.cacheDir, postsDir, out)
  let progress: Progress | null = null
  try {
    const problems: string[] = []
    const { unclean, rebuildOutputs } = await prepare(index, folder, sizes, problems)
    const hint = options.changed ? postsAmong(postsDir, options.changed) : undefined
    const changes = findChanges(index, postsDir, hint)
    const categoryPages = readCategoryPages(options.categories)
    time.mark('list')
    options.listed?.()

    progress = options.progress?.(changes.toRead.length) ?? null
    let parsed = 0
    let threads = 0
    let filesWritten = 0
    let bytesWritten = 0
    const counts = { segmentsPatched: 0, searchDaysPatched: 0 }
    const contested = contestedIds(index, changes)
    const plan = readPlan(changes, contested, options.part ?? APPLY_PART)
    const listed = new Map<string, ListedFile>(changes.toRead.map((f) => [f.file, f]))
    const state = newApplyState()
    let applying = 0
    /** Applies one part of the change set: the removals and listing problems go with the first. */
    const applyPart = (outcomes: ReadOutcome[], first: boolean): void => {
      const started = performance.now()
      // Articles of the posts read now are on disk, but for contested ids, whose JSON came back (deferred).
      const deferred = new Map<string, string>()
      const written = new Set<string>()
      for (const o of outcomes) {
        if (o.record && o.article !== undefined) deferred.set(o.file, o.article)
        else if (o.record) written.add(o.file)
      }
      const part = first ? changes : { removed: [], problems: [], full: false }
      applyChanges(
        index,
        part,
        outcomes,
        listed,
        (file, path) => {
          if (written.has(file)) return
          const json = deferred.get(file)
          if (json !== undefined) {
            folder.put(path, () => json)
            return
          }
          if (folder.has(path)) return
          const again = readPosts({ dir: postsDir, files: [file], out, fresh: false, parseKey: fingerprints().parse, contested: [] })
          if (again.outcomes[0]?.record?.item.path !== path) problems.push(`${file} changed while the build ran: run the build again`)
        },
        state,
      )
      applying += performance.now() - started
    }

    let manifest: Manifest | undefined
    const touched: Touched = state.touched
    // One transaction from the first part applied to the manifest written: a build killed on the way
    // leaves the index as the last complete build left it. Each part is applied on this thread as soon as
    // it is read; a worker thread goes on with the batches it holds meanwhile.
    index.db.exec('BEGIN')
    try {
      applyPart(plan.hidden, true)
      const read = await readOnEveryCore(
        { dir: postsDir, out: folder.root, fresh: folder.empty, parseKey: fingerprints().parse, contested },
        plan.files,
        options.workers ?? defaultWorkers(),
        plan.ends,
        (outcomes) => applyPart(outcomes, false),
        (n, written) => {
          progress?.parsed(n)
          progress?.written(written)
        },
      )
      parsed = plan.hidden.length + read.read
      threads = read.threads
      filesWritten = read.written
      bytesWritten = read.bytes
      problems.push(...read.problems)
      // What the listing said of the files read is not needed once they are applied: at a million posts it
      // is about 200 MB, which the outputs would otherwise carry to the end of the build.
      changes.toRead = []
      listed.clear()
      plan.files = []
      time.mark('read')
      time.seconds.read = (time.seconds.read ?? 0) - applying / 1000
      if (rebuildOutputs) everyFeed(index, touched)
      storeDigests(index.db, changes.buckets)
      time.mark('apply')
      time.seconds.apply = (time.seconds.apply ?? 0) + applying / 1000
      manifest = await writeOutputs(index, folder, sizes, touched, rebuildOutputs, categoryPages.names, time, options.workers ?? defaultWorkers(), problems, counts, options.search ?? true)
      for (const path of folder.produced) touched.garbage.delete(path)
      const addGarbage = index.db.prepare('INSERT OR IGNORE INTO garbage(path) VALUES (?)')
      for (const path of touched.garbage) addGarbage.run(path)
      const { output } = fingerprints()
      index.set('outputKey', output)
      index.set('sizes', JSON.stringify(sizes))
      index.set('manifest', JSON.stringify(manifest))
      if (!unclean) index.set('unclean', '0')
      index.commit()
    } finally {
      if (index.db.inTransaction) index.db.exec('ROLLBACK')
    }
    if (!manifest) throw new Error('the build wrote no manifest')
    time.mark('commit')

    if (unclean) {
      // A build before this one was killed (or the folder is new to this index): whatever is on disk that
      // nothing names goes, after the swap like all garbage.
      const named = namedFiles(index)
      const addGarbage = index.db.prepare('INSERT OR IGNORE INTO garbage(path) VALUES (?)')
      index.db.transaction(() => {
        for (const path of folder.everyFile()) if (!named.has(path)) addGarbage.run(path)
        index.set('unclean', '0')
      })()
    }
    const manifestJson = JSON.stringify(manifest)
    folder.swapManifest(manifestJson)
    index.set('swapped', manifestJson)
    const garbage = index.db.prepare('SELECT path FROM garbage').pluck().all() as string[]
    // The files go on libuv's threads while this one runs `published` (the site build's Atom feeds, which
    // read the index and never these files).
    const removing = folder.removeMany(garbage)
    try {
      await options.published?.(archiveReader(index), manifest, touched.republished)
    } finally {
      await removing.catch(() => undefined)
    }
    const removed = await removing
    index.db.exec('DELETE FROM garbage')
    progress?.done()
    progress = null
    time.mark('finish')

    return {
      // The manifest counted the article files (a count of every row: 22 to 48 ms at a million).
      report: report(index, manifest.counts.articles, categoryPages.problems, problems),
      manifest,
      stats: {
        parsed,
        reused: changes.unchanged,
        added: changes.added,
        changed: changes.changed,
        removed: changes.removed.length,
        renamed: touched.renamed.length,
        threads,
        filesWritten: filesWritten + folder.written,
        bytesWritten: bytesWritten + folder.bytesWritten,
        filesLinked: folder.linked,
        segmentsPatched: counts.segmentsPatched,
        searchDaysPatched: counts.searchDaysPatched,
        filesRemoved: removed,
        seconds: time.seconds,
      },
    }
  } finally {
    progress?.done()
    if (!options.index) index.close()
    lock.release()
  }
}
