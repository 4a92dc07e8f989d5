// The search index: one more output of the build, cut into time segments (src/content/search.ts) so that
// new posts rewrite one small segment (a day of the newest month) whatever the archive's size, and older
// segments stay as they are. A segment is a pure function of its articles (their content-keyed files) and
// the output code: it is named by a hash of both, and rewritten only when that hash changes.
//
// A segment's postings are put together from its days' (search-days.ts): each day's terms are a pure
// function of that day's articles, kept in the archive index under a hash of them, so an edited old post
// reads its own day's article files again and the month around it is a merge of bytes, not a re-read of
// the month. A clean build takes the same path, so both give the same bytes by construction.
//
// An edit that keeps every day of a segment at its number of articles patches instead: only the shards its
// changed terms fall in are read back and spliced, the rest linked as they are (segment-patch.ts).
//
// Its text comes from the article files on disk, not from the index (which keeps records, never bodies).
// New output code, which changes every day's and segment's hash, rebuilds everything from what is published.
//
// Memory is bounded by the largest segment (a month of posts), never by the archive.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { compareIds } from '../../../content/order.ts'
import type { TwinLink } from '../../../content/schema.ts'
import { docsFile, segmentOf, shardFile, type SearchDoc, type SearchRoot, type SearchSegment } from '../../../content/search.ts'
import { shardStarts } from '../../../content/lookup-shards.ts'
import { hashKey, hashOf } from '../../hash-key.ts'
import type { ArchiveIndex } from '../../index/archive-index.ts'
import type { OutputFolder } from '../output-folder.ts'
import { buildDays, type SegmentEncoder } from './day-builds.ts'
import { DOC_CHUNK, docsJson, fileSum, segmentEntry, shardsFor, type SegmentFile, type SegmentInput } from './segment-files.ts'
import { buildDay, decodeDay, patchDay, type DayArticle, type DayEdit } from './search-days.ts'
import { patchShards, type EditedDay, type LayoutDay } from './segment-patch.ts'

/** Article rows read while planning that are kept for building (about two months of a busy archive). */
const KEEP_PLANNED_ROWS = 100_000
/** The archive index's name for a run of undated articles' terms: this, then the run's first id. */
const UNDATED_RUN_KEY = 'undated/'

export interface SearchContext {
  index: ArchiveIndex
  folder: OutputFolder
  outputKey: string
  garbage: Set<string>
  /** Threads to build days on, this one included. */
  threads: number
  /**
   * The undated articles' terms are kept in runs of about this many (cut where their ids say, as the
   * look-ups are), not as one day: at a million posts they are 7,500, nearly every batch of new posts
   * brings one, and rebuilding all of their terms took 3 s of a 20 s cron run.
   */
  undatedRun: number
  /**
   * When the search is built beside other work on this thread (build-content.ts): `free` settles once that
   * work is done (until then this thread leaves the days to the workers), `stop` is aborted when it failed
   * (the search then stops before its next step).
   */
  beside?: { stop?: AbortSignal; free?: Promise<void> }
}

interface ArticleRow {
  id: string
  t: number
  date: string | null
  category: string
  title: string
  path: string
  /** The end of its document when it has twins (TWINS_TAIL), else null. */
  twins: string | null
}

/** A stored segment without its files' names (read only for a segment that goes: several MB at a million posts). */
interface SegmentRow {
  key: string
  hash: string
  json: string
}

/**
 * The end of a search document (src/content/search.ts) for an article with twins, from the twins table
 * (`w`): `[links]`, or `[links,1]` for a copy that lists spanning writers leave out (it has hidden feeds).
 */
const TWINS_TAIL = "CASE WHEN w.twins IS NULL THEN NULL WHEN w.hidden = '[]' THEN '[' || w.twins || ']' ELSE '[' || w.twins || ',1]' END"

/** What of an article its day's search postings depend on (its file is content-keyed). */
function articleKey(r: ArticleRow): string {
  return `${r.id}\u0000${r.path}\u0000${r.category}`
}

/** What of an article its segment's files depend on: its postings, and its document (which names its twins). */
function documentKey(r: ArticleRow): string {
  return `${articleKey(r)}\u0000${r.twins ?? ''}`
}

/** The day an article is filed under: its Beijing date, or `undated`. */
function dayOf(date: string | null): string {
  return date === null ? 'undated' : date.slice(0, 10)
}

/** The days of a segment key, as a range of `search_docs.day`. */
function dayRange(key: string): [string, string] {
  if (key === 'undated') return ['undated', 'undated']
  if (key.length === 7) return [`${key}-00`, `${key}-99`]
  return [key, key]
}

/** An edit patches a segment's shards (segment-patch.ts) when it reaches at most this share of them... */
const PATCH_SHARE = 0.25
/** ...in at most this many days; more, and merging the segment again costs about as much. */
const PATCH_DAYS = 2

/**
 * How a segment's files are put. A segment's files are named by its hash, so an edited article renames every
 * file of its month, though most keep their bytes: the shards none of its changed terms reach, and every
 * documents file but its own (an edit at 100,000 posts: 3,878 files, 55 MB). Each file's bytes are hashed and
 * remembered (search_sums); a file whose bytes are there already is put as a hard link to them.
 */
interface SearchFiles {
  put: (path: string, data: string | Uint8Array) => void
  /** Puts a file of a merged segment: its bytes, or records it when they were written already. */
  place: (file: SegmentFile) => void
  /** Puts at `path` the bytes of the file at `from` (a link), and remembers them there. */
  carry: (from: string, path: string) => void
  /** Files about to go as garbage: their bytes are no longer there to link to. */
  forget: (paths: readonly string[]) => void
}

function segmentFiles(c: SearchContext): SearchFiles {
  const db = c.index.db
  const find = db.prepare('SELECT path FROM search_sums WHERE sum = ?').pluck()
  const remember = db.prepare('INSERT INTO search_sums(sum, path) VALUES (?, ?) ON CONFLICT(sum) DO UPDATE SET path = excluded.path')
  const forget = db.prepare('DELETE FROM search_sums WHERE path = ?')
  const move = db.prepare('UPDATE search_sums SET path = ? WHERE path = ?')
  const put = (path: string, data: string | Uint8Array, sum: string): void => {
    const same = c.folder.empty ? null : ((find.get(sum) as string | undefined) ?? null)
    c.folder.putLinked(path, data, same)
    remember.run(sum, path)
  }
  return {
    put: (path, data) => put(path, data, fileSum(data)),
    place: (file) => {
      if (file.data !== null) put(file.path, file.data, file.sum)
      else {
        c.folder.wroteElsewhere(file.path, file.size)
        remember.run(file.sum, file.path)
      }
    },
    carry: (from, path) => {
      c.folder.putLinked(path, () => readFileSync(join(c.folder.root, from)), from)
      move.run(path, from)
    },
    forget: (paths) => {
      for (const path of paths) forget.run(path)
    },
  }
}

/**
 * One day of a segment to be written (or a run of its undated articles): its articles, newest first, and
 * the key and hash its terms are kept under.
 */
interface DayPlan {
  day: string
  hash: string
  /** A hash of its articles' documents (documentKey): what its part of the segment's files depends on. */
  docs: string
  count: number
  /**
   * Its articles, newest first; null for a day this build did not touch, planned from the segment's last
   * layout without reading it (read when a documents file it shares with a changed one is written).
   */
  rows: ArticleRow[] | null
  /** Whether the archive index holds its terms under this hash (read back when the segment is written). */
  kept: boolean
}

/** A segment to be written; its articles are read again when it is built (a month at a time in memory). */
interface SegmentPlan {
  key: string
  hash: string
  old: SegmentRow | undefined
  /** Its articles whose day's terms are not kept (to be built). */
  unbuilt: number
  /** Its days when planned from its last layout (only the touched days read), else null. */
  light: DayPlan[] | null
}

/** What a day's terms are kept under: a hash of the output code, the day and its articles (newest first). */
function dayHash(c: SearchContext, day: string, rows: readonly ArticleRow[]): string {
  return hashOf([c.outputKey, day, ...rows.map(articleKey)])
}

/** What a day's part of its segment's files depends on: a hash of its articles' documents. */
function docsHash(day: string, rows: readonly ArticleRow[]): string {
  return hashOf([day, ...rows.map(documentKey)])
}

/**
 * A segment's name: a hash of the output code, its key and its days' documents (the undated segment's as
 * one: where its runs are cut is how its terms are kept, not what it holds).
 */
function segmentHash(c: SearchContext, key: string, days: readonly DayPlan[]): string {
  if (key !== 'undated') return hashOf([c.outputKey, key, ...days.map((d) => d.docs)])
  return hashOf([c.outputKey, key, docsHash(key, days.flatMap((d) => d.rows ?? []))])
}

/**
 * A touched segment's days planned from its last layout: the days this build touched are read, every other
 * is as the layout has it (its articles unchanged since, as every build that changes a day's articles writes
 * its segment's layout again, in the same transaction). Null when the layout is not this output code's,
 * names another set of days, or an untouched day's terms are not kept: the segment is then read whole.
 */
function lightDays(c: SearchContext, key: string, days: readonly string[], touchedDays: ReadonlySet<string>, rowsOfDay: (day: string) => ArticleRow[]): DayPlan[] | null {
  // The undated articles' runs are cut by their ids, which takes all of them.
  if (key === 'undated') return null
  const row = c.index.db.prepare('SELECT output, days FROM search_layouts WHERE key = ?').get(key) as { output: string; days: string } | undefined
  if (!row || row.output !== c.outputKey) return null
  const layout = new Map((JSON.parse(row.days) as LayoutDay[]).map((d) => [d[0], d]))
  const keptHash = c.index.db.prepare('SELECT hash FROM search_days WHERE day = ?').pluck()
  const plans: DayPlan[] = []
  // Newest first, as the segment numbers its documents (`days` come oldest first).
  for (const day of [...days].reverse()) {
    if (touchedDays.has(day)) {
      const rows = rowsOfDay(day)
      const hash = dayHash(c, day, rows)
      plans.push({ day, hash, docs: docsHash(day, rows), count: rows.length, rows, kept: keptHash.get(day) === hash })
      continue
    }
    const was = layout.get(day)
    if (!was || was.length !== 4 || keptHash.get(day) !== was[1]) return null
    plans.push({ day, hash: was[1], docs: was[3], count: was[2], rows: null, kept: true })
  }
  return plans
}

/** An article whose search document this build changed: what it is now and what it was (either may be none). */
interface TouchedDoc {
  now: ArticleRow | undefined
  was: (ArticleRow & { day: string }) | undefined
}

/** A kept day's terms before this build patched them (patchSegment compares both). */
interface PriorDay {
  hash: string
  bytes: Uint8Array
}

/**
 * Patches the kept terms of the days whose articles all changed in place (each still there, at its time,
 * so every document keeps its number): only the edited articles are read (patchDay), the rest of the day's
 * postings are carried. A day is patched only from the terms kept under the hash of its articles as they
 * were, and kept under the hash of its articles now, so a memo that does not match costs a build of the
 * day, never a wrong one. Returns the patched days' terms before.
 */
function patchDays(c: SearchContext, touched: ReadonlyMap<string, TouchedDoc>, rowsOfDay: (day: string) => ArticleRow[]): Map<string, PriorDay> {
  const byDay = new Map<string, TouchedDoc[]>()
  const moved = new Set<string>()
  for (const doc of touched.values()) {
    const { now, was } = doc
    const day = now ? dayOf(now.date) : null
    if (!now || !was || was.day !== day || was.t !== now.t) {
      if (was) moved.add(was.day)
      if (day !== null) moved.add(day)
      continue
    }
    const list = byDay.get(day)
    if (list) list.push(doc)
    else byDay.set(day, [doc])
  }
  const prior = new Map<string, PriorDay>()
  const stored = c.index.db.prepare('SELECT hash, terms FROM search_days WHERE day = ?')
  const { keep } = keptDays(c)
  for (const [day, docs] of byDay) {
    // The undated articles' terms are kept in runs cut by their ids, not by day.
    if (moved.has(day) || day === 'undated') continue
    const rows = rowsOfDay(day)
    const wasById = new Map(docs.map((d) => [(d.was as ArticleRow).id, d.was as ArticleRow]))
    const hash = dayHash(c, day, rows)
    const kept = stored.get(day) as { hash: string; terms: Uint8Array } | undefined
    if (!kept || kept.hash === hash || kept.hash !== dayHash(c, day, rows.map((r) => wasById.get(r.id) ?? r))) continue
    const edits: DayEdit[] = []
    rows.forEach((r, doc) => {
      const was = wasById.get(r.id)
      if (was && articleKey(was) !== articleKey(r)) edits.push({ doc, article: { category: r.category, path: r.path } })
    })
    let bytes: Uint8Array
    try {
      bytes = patchDay(c.folder.root, decodeDay(kept.terms), edits)
    } catch {
      continue // built again from its articles
    }
    keep.run(day, hash, bytes)
    prior.set(day, { hash: kept.hash, bytes: kept.terms })
  }
  return prior
}

/** A segment's days (its rows are newest first, so each day's rows are together). */
function planDays(c: SearchContext, rows: readonly ArticleRow[]): DayPlan[] {
  const keptHash = c.index.db.prepare('SELECT hash FROM search_days WHERE day = ?').pluck()
  const days: DayPlan[] = []
  const plan = (day: string, dayRows: ArticleRow[]): void => {
    const hash = dayHash(c, day, dayRows)
    days.push({ day, hash, docs: docsHash(day, dayRows), count: dayRows.length, rows: dayRows, kept: keptHash.get(day) === hash })
  }
  for (let start = 0; start < rows.length; ) {
    const day = dayOf((rows[start] as ArticleRow).date)
    let end = start + 1
    while (end < rows.length && dayOf((rows[end] as ArticleRow).date) === day) end++
    const dayRows = rows.slice(start, end)
    if (day === 'undated') {
      const starts = shardStarts(dayRows.map((r) => r.id), c.undatedRun)
      starts.forEach((from, i) => {
        const run = dayRows.slice(from, starts[i + 1] ?? dayRows.length)
        plan(`${UNDATED_RUN_KEY}${(run[0] as ArticleRow).id}`, run)
      })
    } else plan(day, dayRows)
    start = end
  }
  return days
}

/** Reading a day's kept terms under a hash, and keeping a day's terms (one row a day). */
function keptDays(c: SearchContext) {
  const db = c.index.db
  return {
    read: db.prepare('SELECT terms FROM search_days WHERE day = ? AND hash = ?').pluck(),
    keep: db.prepare('INSERT INTO search_days(day, hash, terms) VALUES (?, ?, ?) ON CONFLICT(day) DO UPDATE SET hash = excluded.hash, terms = excluded.terms'),
  }
}

/**
 * A segment's days' terms, in order: those kept in the archive index are read back, `built` (the others, in
 * order) are kept now. Kept bytes that do not decode are a memo lost, not an error: that day is built again
 * here.
 */
function segmentDayTerms(c: SearchContext, days: readonly DayPlan[], built: readonly Uint8Array[]): Uint8Array[] {
  const { read, keep } = keptDays(c)
  let next = 0
  return days.map((plan) => {
    if (plan.kept) {
      const bytes = read.get(plan.day, plan.hash) as Uint8Array | undefined
      if (bytes) {
        try {
          decodeDay(bytes)
          return bytes
        } catch {
          // built again below
        }
      }
      if (!plan.rows) throw new Error(`the kept search terms of ${plan.day} went missing during the build`)
      const rebuilt = buildDay(c.folder.root, plan.rows)
      keep.run(plan.day, plan.hash, rebuilt)
      return rebuilt
    }
    let bytes = built[next++]
    if (!bytes) {
      if (!plan.rows) throw new Error(`the search postings of ${plan.day} were not built`)
      bytes = buildDay(c.folder.root, plan.rows)
    }
    keep.run(plan.day, plan.hash, bytes)
    return bytes
  })
}

/** An article's search document (without twins it ends at its title). */
function documentOf(r: ArticleRow): SearchDoc {
  // valibot types the optional items as present.
  return [r.id, r.path, r.date, r.category, r.title, ...(r.twins === null ? [] : (JSON.parse(r.twins) as [TwinLink[], 1?]))] as SearchDoc
}

/**
 * Writes a segment's documents files; returns their paths. A file `reuse` names for a chunk (an earlier
 * write of the very same documents) is carried over instead.
 */
function writeDocs(
  files: Pick<SearchFiles, 'put' | 'carry'>,
  segment: SearchSegment,
  chunkRows: (k: number) => readonly ArticleRow[],
  reuse: (k: number) => string | null = () => null,
): string[] {
  const paths: string[] = []
  for (let k = 0; k * DOC_CHUNK < segment.docs; k++) {
    const path = docsFile(segment, k)
    paths.push(path)
    const was = reuse(k)
    if (was !== null) {
      files.carry(was, path)
      continue
    }
    files.put(path, docsJson(chunkRows(k).map(documentOf)))
  }
  return paths
}

interface WrittenSegment {
  segment: SearchSegment
  files: string[]
  /** The size its shard count was cut for. */
  bytes: number
}

/**
 * Merges a segment from its days' terms and puts its files (segment-files.ts): on a worker thread when
 * `encode` has one, which then writes them too when the folder started empty.
 */
async function mergeSegment(c: SearchContext, files: SearchFiles, encode: SegmentEncoder, key: string, hash: string, days: readonly DayPlan[], built: readonly Uint8Array[]): Promise<WrittenSegment> {
  const rows = days.flatMap((d) => {
    if (!d.rows) throw new Error(`the articles of ${d.day} were not read before its segment was written`)
    return d.rows
  })
  const input: SegmentInput = { key, hash, days: days.map((d) => ({ day: d.day, count: d.count })), terms: segmentDayTerms(c, days, built), docs: rows.map(documentOf) }
  // Every day's terms are kept now: should the worker fail, they are read back from the archive index.
  const again = (): SegmentInput => ({ ...input, terms: segmentDayTerms(c, days.map((d) => ({ ...d, kept: true })), []) })
  const encoded = await encode(input, c.folder.empty ? c.folder.root : null, again)
  for (const file of encoded.files) files.place(file)
  return { segment: encoded.segment, files: encoded.files.map((f) => f.path), bytes: encoded.bytes }
}

/**
 * Writes a segment again by patching its last write's shards (segment-patch.ts), or returns null when its
 * days or their sizes moved, a memo is missing, or the edit reaches too much of it. `built` are the bytes
 * of its days without kept terms, in order; they are kept here when the patch is made.
 */
function patchSegment(
  c: SearchContext,
  files: SearchFiles,
  plan: SegmentPlan,
  days: readonly DayPlan[],
  built: readonly Uint8Array[],
  touchedDocs: ReadonlyMap<string, TouchedDoc>,
  priorDays: ReadonlyMap<string, PriorDay>,
  rowsOfDay: (day: string) => ArticleRow[],
): WrittenSegment | null {
  const db = c.index.db
  const row = db.prepare('SELECT output, days, bytes FROM search_layouts WHERE key = ?').get(plan.key) as { output: string; days: string; bytes: number } | undefined
  // Patched only by the output code that wrote it (new code may cut or encode terms otherwise).
  if (!plan.old || !row || row.output !== c.outputKey) return null
  const old = JSON.parse(plan.old.json) as SearchSegment
  const layout = JSON.parse(row.days) as LayoutDay[]
  const total = days.reduce((n, d) => n + d.count, 0)
  if (old.chunk !== DOC_CHUNK || old.docs !== total || layout.length !== days.length) return null
  const { read, keep } = keptDays(c)
  const edited: EditedDay[] = []
  const toKeep: [DayPlan, Uint8Array][] = []
  /** Documents whose day's articles changed (they may have moved in it), or whose document was put again. */
  const changed = new Uint8Array(total)
  let next = 0
  let from = 0
  for (const [d, day] of days.entries()) {
    const [key, hash, docs] = layout[d] as LayoutDay
    if (key !== day.day || docs !== day.count) return null
    const made = day.kept ? undefined : built[next++]
    if (!day.kept) {
      if (!made) return null
      toKeep.push([day, made])
    }
    if (hash !== day.hash) {
      changed.fill(1, from, from + docs)
      const prior = priorDays.get(day.day)
      const before = prior?.hash === hash ? prior.bytes : (read.get(day.day, hash) as Uint8Array | undefined)
      const after = made ?? (read.get(day.day, day.hash) as Uint8Array | undefined)
      if (!before || !after) return null
      try {
        edited.push({ from, docs, before: decodeDay(before), after: decodeDay(after) })
      } catch {
        return null
      }
    }
    // A document put again is in a day this build touched, so read.
    day.rows?.forEach((r, i) => {
      if (touchedDocs.has(r.id)) changed[from + i] = 1
    })
    from += docs
  }
  if (edited.length > PATCH_DAYS) return null
  // A documents file stays when none of its documents moved or changed (the others are as the last write
  // left them).
  const sameChunk = (k: number): boolean => changed.subarray(k * DOC_CHUNK, (k + 1) * DOC_CHUNK).every((x) => x === 0)
  const patch = patchShards(c.folder.root, old, row.bytes, edited, Math.max(1, Math.floor(old.shards * PATCH_SHARE)))
  if (!patch || shardsFor(patch.bytes) !== old.shards) return null

  for (const [day, bytes] of toKeep) keep.run(day.day, day.hash, bytes)
  const segment = segmentEntry(plan.key, plan.hash, days, old.shards)
  const written: string[] = []
  // A documents file written again may hold documents of a neighbouring day not read yet.
  const chunkRows = (k: number): ArticleRow[] => {
    const rows: ArticleRow[] = []
    let at = 0
    for (const day of days) {
      const lo = Math.max(k * DOC_CHUNK, at)
      const hi = Math.min((k + 1) * DOC_CHUNK, at + day.count)
      if (lo < hi) {
        const dayRows = day.rows ?? rowsOfDay(day.day)
        if (dayRows.length !== day.count) throw new Error(`the search layout of ${plan.key} has ${day.count} articles on ${day.day}, the index ${dayRows.length}`)
        rows.push(...dayRows.slice(lo - at, hi - at))
      }
      at += day.count
    }
    return rows
  }
  // Files carried from the last write are not looked for first: one gone (a damaged folder) makes this a
  // merge after all, which puts the rest (every file put so far has the bytes the merge gives it).
  try {
    for (let n = 0; n < segment.shards; n++) {
      const path = shardFile(segment, n)
      const bytes = patch.changed.get(n)
      if (bytes) files.put(path, bytes)
      else files.carry(shardFile(old, n), path)
      written.push(path)
    }
    written.push(...writeDocs(files, segment, chunkRows, (k) => (sameChunk(k) ? docsFile(old, k) : null)))
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw error
  }
  return { segment, files: written, bytes: patch.bytes }
}

function newestFirst(a: ArticleRow, b: ArticleRow): number {
  if (a.t !== b.t) return a.t > b.t ? -1 : 1
  return -compareIds(a.id, b.id)
}

/**
 * Brings the search index up to date with the articles: `ids` are those whose article may have changed
 * (added, edited, removed); `everything` after new output code. Returns the root file's path, what
 * went wrong with a search thread (its days were built on this thread instead), and how many segments
 * were patched rather than merged again, and how many days' terms were patched in place rather than built.
 */
export async function updateSearch(c: SearchContext, ids: Iterable<string>, everything: boolean): Promise<{ root: string; problems: string[]; patched: number; daysPatched: number }> {
  const db = c.index.db
  const touchedDays = new Set<string>()
  /** The articles whose search document was put again or dropped by this build. */
  const touchedDocs = new Map<string, TouchedDoc>()
  if (everything) {
    db.exec('DELETE FROM search_docs')
    db.exec(
      `INSERT INTO search_docs(day, id, t, date, category, title, path, twins) SELECT coalesce(substr(a.date, 1, 10), 'undated'), a.id, a.t, a.date, a.category, a.title, a.path, ${TWINS_TAIL} FROM articles a LEFT JOIN twins w ON w.id = a.id`,
    )
  } else {
    // `ids` holds every article whose twins changed too (their look-up entries name the twins).
    const now = db.prepare(`SELECT a.id, a.t, a.date, a.category, a.title, a.path, ${TWINS_TAIL} AS twins FROM articles a LEFT JOIN twins w ON w.id = a.id WHERE a.id = ?`)
    const was = db.prepare('SELECT day, id, t, date, category, title, path, twins FROM search_docs WHERE id = ?')
    const put = db.prepare('INSERT INTO search_docs(day, id, t, date, category, title, path, twins) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
    const drop = db.prepare('DELETE FROM search_docs WHERE id = ?')
    for (const id of ids) {
      const a = now.get(id) as ArticleRow | undefined
      const b = was.get(id) as (ArticleRow & { day: string }) | undefined
      const day = a ? dayOf(a.date) : null
      if (a && b && b.day === day && documentKey(a) === documentKey(b) && a.t === b.t && a.date === b.date && a.title === b.title) continue
      touchedDocs.set(id, { now: a, was: b })
      if (b) {
        touchedDays.add(b.day)
        drop.run(id)
      }
      if (a && day !== null) {
        touchedDays.add(day)
        put.run(day, a.id, a.t, a.date, a.category, a.title, a.path, a.twins)
      }
    }
  }

  // No article's document changed: no segment can (a segment is a function of its documents, and which
  // segments there are, of their days).
  const rootPath = c.index.get('searchRoot')
  if (rootPath !== undefined && !everything && touchedDays.size === 0) {
    c.folder.produced.add(rootPath)
    return { root: rootPath, problems: [], patched: 0, daysPatched: 0 }
  }

  const dayRows = db.prepare('SELECT id, t, date, category, title, path, twins FROM search_docs WHERE day = ?')
  // A touched day's rows are read once (patching its terms and planning its month both need them), while few.
  const daysRead = new Map<string, ArticleRow[]>()
  let daysReadRows = 0
  const rowsOfDay = (day: string): ArticleRow[] => {
    const known = daysRead.get(day)
    if (known) return known
    const rows = (dayRows.all(day) as ArticleRow[]).sort(newestFirst)
    if (daysReadRows + rows.length <= KEEP_PLANNED_ROWS) {
      daysRead.set(day, rows)
      daysReadRows += rows.length
    }
    return rows
  }
  const priorDays = everything ? new Map<string, PriorDay>() : patchDays(c, touchedDocs, rowsOfDay)
  const newestDay = db.prepare("SELECT max(day) FROM search_docs WHERE day < 'u'").pluck().get() as string | null
  const newestMonth = newestDay ? newestDay.slice(0, 7) : null
  const wanted = new Map<string, string[]>()
  // The days, one index step each (SELECT DISTINCT reads every document: 135 ms at 1,000,000 posts, this 6).
  const nextDay = db.prepare('SELECT min(day) FROM search_docs WHERE day > ?').pluck()
  for (let day = nextDay.get('') as string | null; day !== null; day = nextDay.get(day) as string | null) {
    const key = segmentOf(day === 'undated' ? null : day, newestMonth)
    const days = wanted.get(key)
    if (days) days.push(day)
    else wanted.set(key, [day])
  }
  // Each segment's files are read only when it goes: all of them, 6.9 MB at a million posts, took 42 ms.
  const existing = new Map((db.prepare('SELECT key, hash, json FROM search_segments').all() as SegmentRow[]).map((r) => [r.key, r]))
  const storedFiles = db.prepare('SELECT files FROM search_segments WHERE key = ?').pluck()
  const filesOf = (key: string): string[] => JSON.parse(storedFiles.get(key) as string) as string[]
  const touchedKeys = new Set([...touchedDays].map((day) => segmentOf(day === 'undated' ? null : day, newestMonth)))

  const articlesOf = db.prepare('SELECT id, t, date, category, title, path, twins FROM search_docs WHERE day BETWEEN ? AND ?')
  const save = db.prepare('INSERT INTO search_segments(key, hash, json, files) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET hash = excluded.hash, json = excluded.json, files = excluded.files')
  const saveLayout = db.prepare('INSERT INTO search_layouts(key, output, days, bytes) VALUES (?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET output = excluded.output, days = excluded.days, bytes = excluded.bytes')
  let changed = false
  /** Segments written by patching their shards (segment-patch.ts). */
  let patched = 0
  const plans: SegmentPlan[] = []
  const rowsOf = (key: string): ArticleRow[] => (articlesOf.all(...dayRange(key)) as ArticleRow[]).sort(newestFirst)
  // The days planned from whole segments' rows, kept for building while they are few (an edit's one month); a
  // cold build reads each segment's again when its turn comes, so memory stays bounded by a segment.
  const planned = new Map<string, DayPlan[]>()
  let plannedRows = 0
  for (const key of wanted.keys()) {
    const old = existing.get(key)
    if (old && !everything && !touchedKeys.has(key)) continue
    let light = old && !everything ? lightDays(c, key, wanted.get(key) ?? [], touchedDays, rowsOfDay) : null
    // A light plan holds its touched days' rows until its segment is written: while they are few (a batch
    // that touches most of the archive plans whole segments, read again when each is built).
    const lightRows = light?.reduce((n, d) => n + (d.rows?.length ?? 0), 0) ?? 0
    if (light && plannedRows + lightRows > KEEP_PLANNED_ROWS) light = null
    const days = light ?? planDays(c, rowsOf(key))
    const hash = segmentHash(c, key, days)
    if (old?.hash === hash) continue
    plans.push({ key, hash, old, unbuilt: days.reduce((n, d) => (d.kept ? n : n + d.count), 0), light })
    const rows = light ? lightRows : days.reduce((n, d) => n + d.count, 0)
    if (plannedRows + rows <= KEEP_PLANNED_ROWS) {
      if (!light) planned.set(key, days)
      plannedRows += rows
    }
  }
  // The days no kept terms answer are built on every core; each segment is written once its days are.
  const building = new Map<number, DayPlan[]>()
  const daysOf = (i: number): DayArticle[][] => {
    const plan = plans[i] as SegmentPlan
    const days = plan.light ?? planned.get(plan.key) ?? planDays(c, rowsOf(plan.key))
    planned.delete(plan.key)
    building.set(i, days)
    // A day without kept terms is one this build read (a light plan's other days are kept).
    return days
      .filter((d) => !d.kept)
      .map((d) => {
        if (!d.rows) throw new Error(`the articles of ${d.day} were not read, and its search terms are not kept`)
        return d.rows.map((r) => ({ category: r.category, path: r.path }))
      })
  }
  const stored = segmentFiles(c)
  // An old segment's files all go: its hash, in each of their names, is not the new one's.
  const drop = (files: readonly string[]): void => {
    for (const f of files) c.garbage.add(f)
    stored.forget(files)
  }
  const articles = plans.reduce((n, p) => n + p.unbuilt, 0)
  const dropRunsBut = db.prepare(`DELETE FROM search_days WHERE day LIKE '${UNDATED_RUN_KEY}%' AND day NOT IN (SELECT value FROM json_each(?))`)
  const { keep } = keptDays(c)
  const problems = await buildDays(c.folder.root, plans.length, daysOf, articles, c.threads, async (i, builtNow, encode) => {
    const plan = plans[i] as SegmentPlan
    let days = building.get(i) ?? []
    let built = builtNow
    let hash = plan.hash
    building.delete(i)
    const patch = everything ? null : patchSegment(c, stored, plan, days, built, touchedDocs, priorDays, rowsOfDay)
    if (patch) patched++
    else if (plan.light) {
      // Merged whole after all: the days built are kept, and every day's articles read.
      days.filter((d) => !d.kept).forEach((d, n) => {
        const bytes = built[n]
        if (bytes) keep.run(d.day, d.hash, bytes)
      })
      days = planDays(c, rowsOf(plan.key))
      built = []
      hash = segmentHash(c, plan.key, days)
    }
    const { segment, files, bytes } = patch ?? (await mergeSegment(c, stored, encode, plan.key, hash, days, built))
    // The undated runs kept are this segment's: the others were cut where its articles no longer are.
    if (plan.key === 'undated') dropRunsBut.run(JSON.stringify(days.map((d) => d.day)))
    if (plan.old) drop(filesOf(plan.key))
    save.run(plan.key, hash, JSON.stringify(segment), JSON.stringify(files))
    saveLayout.run(plan.key, c.outputKey, JSON.stringify(days.map((d): LayoutDay => [d.day, d.hash, d.count, d.docs])), bytes)
    changed = true
  }, c.beside)
  const dropSegment = db.prepare('DELETE FROM search_segments WHERE key = ?')
  const dropLayout = db.prepare('DELETE FROM search_layouts WHERE key = ?')
  for (const key of existing.keys()) {
    if (wanted.has(key)) continue
    drop(filesOf(key))
    dropSegment.run(key)
    dropLayout.run(key)
    changed = true
  }

  if (changed) db.exec(`DELETE FROM search_days WHERE day NOT IN (SELECT day FROM search_docs) AND (day NOT LIKE '${UNDATED_RUN_KEY}%' OR NOT EXISTS (SELECT 1 FROM search_docs WHERE day = 'undated'))`)

  if (rootPath !== undefined && !changed && !everything) {
    c.folder.produced.add(rootPath)
    return { root: rootPath, problems, patched, daysPatched: priorDays.size }
  }
  const segments = (db.prepare('SELECT json FROM search_segments').pluck().all() as string[]).map((j) => JSON.parse(j) as SearchSegment)
  // Newest first: keys sort as dates (a day of the newest month after every older month), undated last.
  segments.sort((a, b) => (a.key === 'undated' ? 1 : b.key === 'undated' ? -1 : a.key < b.key ? 1 : -1))
  const root: SearchRoot = { segments, docs: segments.reduce((n, s) => n + s.docs, 0) }
  const json = JSON.stringify(root)
  const path = `search/root-${hashKey(c.outputKey, json)}.json`
  c.folder.put(path, () => json)
  if (rootPath !== undefined && rootPath !== path) c.garbage.add(rootPath)
  c.index.set('searchRoot', path)
  return { root: path, problems, patched, daysPatched: priorDays.size }
}

/**
 * For a build without a search index: every file of the last one goes as garbage, and what it was made from
 * is forgotten, so that the next build with search builds it whole. Returns no root.
 */
export function dropSearch(index: ArchiveIndex, garbage: Set<string>): { root: null; problems: string[]; patched: number; daysPatched: number } {
  for (const path of searchFiles(index)) garbage.add(path)
  index.db.exec("DELETE FROM search_docs; DELETE FROM search_segments; DELETE FROM search_layouts; DELETE FROM search_sums; DELETE FROM search_days; DELETE FROM meta WHERE key = 'searchRoot'")
  return { root: null, problems: [], patched: 0, daysPatched: 0 }
}

/** Every file the search index owns (for the clean-up after a build that did not finish). */
export function searchFiles(index: ArchiveIndex): string[] {
  const files: string[] = []
  for (const json of index.db.prepare('SELECT files FROM search_segments').pluck().iterate() as Iterable<string>) files.push(...(JSON.parse(json) as string[]))
  const root = index.get('searchRoot')
  if (root !== undefined) files.push(root)
  return files
}
