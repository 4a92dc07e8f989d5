// Two questions about a data folder, answered as lists of problems (empty when all is well) so that a test
// can print every one of them beside its seed:
//   treeDifferences: do two folders hold the same files with the same bytes?
//   siteProblems:    does a folder serve a complete site, as the app reads it from manifest.json on?
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { readShard } from '../../../src/content/search-format.ts'
import { shardOf } from '../../../src/content/lookup-shards.ts'
import { ArticleLookupSchema, LookupIndexSchema, SecurityLookupSchema } from '../../../src/content/lookup-schema.ts'
import {
  ArticleSchema,
  FeedPageSchema,
  HomeSchema,
  MANIFEST_FILE,
  ManifestSchema,
  PageListSchema,
  type FeedRef,
} from '../../../src/content/schema.ts'
import { searchIndexFiles } from './search-files.ts'

/** Every file under `dir` (posix paths relative to it), dot files included. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/'))
    .sort()
}

/** Every file of a folder and its bytes. */
export function readFolder(dir: string): Map<string, Buffer> {
  return new Map(filesUnder(dir).map((f) => [f, readFileSync(join(dir, f))]))
}

/**
 * Files only in one folder and files whose bytes differ; the first `limit` of them. `expected` may be a
 * folder read once with readFolder, for comparing several folders with it.
 */
export function treeDifferences(actual: string, expected: string | Map<string, Buffer>, limit = 12): string[] {
  const want = typeof expected === 'string' ? readFolder(expected) : expected
  const have = filesUnder(actual)
  const out: string[] = []
  for (const f of have) if (!want.has(f)) out.push(`only in ${actual}: ${f}`)
  const haveSet = new Set(have)
  for (const f of want.keys()) if (!haveSet.has(f)) out.push(`missing from ${actual}: ${f}`)
  for (const f of have) {
    const bytes = want.get(f)
    if (bytes && !readFileSync(join(actual, f)).equals(bytes)) out.push(`differs: ${f}`)
  }
  return out.length > limit ? [...out.slice(0, limit), `… and ${out.length - limit} more`] : out
}

interface Parser<T> {
  parse(data: unknown): T
}

/**
 * What keeps `root` from serving a complete site: manifest.json parses, and so does every file it names,
 * transitively (home, the look-up index, every shard, every article a shard or a feed page names, every
 * feed's head page, its page lists and their pages), with feeds as long as their counts and shard keys in
 * their buckets; and no file under a final name anywhere in the folder is empty or cut short (each parses
 * as JSON). Dot files (the lock, temporary files) are not served and not checked.
 */
export function siteProblems(root: string): string[] {
  const problems: string[] = []
  const parsed = new Map<string, unknown>()
  const read = <T>(path: string, schema: Parser<T>, from: string): T | null => {
    if (parsed.has(path)) return parsed.get(path) as T | null
    let value: T | null = null
    try {
      value = schema.parse(JSON.parse(readFileSync(join(root, path), 'utf8')))
    } catch (error) {
      problems.push(`${path} (named by ${from}): ${(error as Error).message.split('\n')[0] ?? ''}`)
    }
    parsed.set(path, value)
    return value
  }
  const article = (path: string, id: string, from: string): void => {
    const a = read(path, ArticleSchema, from)
    if (a && a.id !== id) problems.push(`${path} (named by ${from}) is article ${a.id}, not ${id}`)
  }
  const feed = (ref: FeedRef, label: string): void => {
    if (ref.head === null) {
      if (ref.count !== 0) problems.push(`${label}: ${ref.count} articles but no head page`)
      return
    }
    const head = read(ref.head, FeedPageSchema, label)
    if (!head) return
    const pages = [head]
    const newest = head.older === null ? null : read(head.older, PageListSchema, label)
    const lists = head.older === null ? [] : [head.older, ...(newest?.lists ?? [])]
    for (const list of lists) {
      const l = list === head.older ? newest : read(list, PageListSchema, label)
      if (!l) break
      for (const page of l.pages) {
        const p = read(page, FeedPageSchema, `${label} via ${list}`)
        if (p) pages.push(p)
      }
    }
    const items = pages.flatMap((p) => p.items)
    if (items.length !== ref.count) problems.push(`${label}: ${items.length} articles on its pages, ${ref.count} counted`)
    for (const item of items) article(item.path, item.id, label)
  }

  let manifest
  try {
    manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(root, MANIFEST_FILE), 'utf8')))
  } catch (error) {
    return [`${MANIFEST_FILE}: ${(error as Error).message.split('\n')[0] ?? ''}`]
  }
  const home = read(manifest.home, HomeSchema, MANIFEST_FILE)
  for (const tag of home?.tags ?? []) for (const item of tag.items) article(item.path, item.id, `home (${tag.name})`)
  feed(manifest.feed, 'all')
  for (const c of manifest.categories) feed(c.feed, `category ${c.slug}`)
  for (const t of manifest.tags) feed(t.feed, `tag ${t.name}`)

  const lookups = read(manifest.lookups, LookupIndexSchema, MANIFEST_FILE)
  if (lookups) {
    const ids = new Set<string>()
    const neighbours: { id: string; from: string }[] = []
    lookups.articles.forEach(([, shard], i) => {
      for (const [id, entry] of read(shard, ArticleLookupSchema, manifest.lookups) ?? []) {
        if (shardOf(lookups.articles, id) !== i) problems.push(`${shard}: ${id} belongs in shard ${shardOf(lookups.articles, id)}, not ${i}`)
        ids.add(id)
        article(entry.path, id, shard)
        for (const link of [entry.older, entry.newer]) if (link) neighbours.push({ id: link.id, from: `${shard} (${id})` })
      }
    })
    if (ids.size !== manifest.counts.articles) problems.push(`the look-ups hold ${ids.size} articles, the manifest counts ${manifest.counts.articles}`)
    for (const n of neighbours) if (!ids.has(n.id)) problems.push(`${n.from} names a neighbour ${n.id} that no shard holds`)
    let securities = 0
    lookups.securities.forEach(([, shard], i) => {
      for (const security of read(shard, SecurityLookupSchema, manifest.lookups) ?? []) {
        securities++
        if (shardOf(lookups.securities, security.secid) !== i) problems.push(`${shard}: ${security.secid} is in the wrong shard`)
        feed(security.feed, `security ${security.secid}`)
      }
    })
    if (securities !== manifest.counts.securities) problems.push(`the look-ups hold ${securities} securities, the manifest counts ${manifest.counts.securities}`)
  }

  // Every file the search index's root names is there.
  try {
    for (const file of searchIndexFiles(root)) if (!existsSync(join(root, file))) problems.push(`the search index names ${file}, which is missing`)
  } catch (error) {
    problems.push(`the search index's root cannot be read: ${(error as Error).message}`)
  }

  // Files under final names, named or not: never empty, never half written.
  for (const file of filesUnder(root)) {
    if (file.split('/').some((part) => part.startsWith('.'))) continue
    if (statSync(join(root, file)).size === 0) {
      problems.push(`${file} is empty`)
      continue
    }
    if (parsed.has(file)) continue
    if (file.endsWith('.bin')) {
      // A search shard (src/content/search-format.ts): its headers say how long it must be.
      try {
        readShard(new Uint8Array(readFileSync(join(root, file))))
      } catch (error) {
        problems.push(`${file} is not a whole search shard: ${(error as Error).message}`)
      }
      continue
    }
    try {
      JSON.parse(readFileSync(join(root, file), 'utf8'))
    } catch (error) {
      problems.push(`${file} is not whole JSON: ${(error as Error).message}`)
    }
  }
  return problems
}
