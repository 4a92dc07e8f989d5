// Building into temporary folders and reading a data folder back the way the app does: manifest first,
// then look-up shards (lists turned into Maps, as src/lib/lookup-shard.ts does), feed pages and article
// files, each checked against the shared schema.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { shardOf } from '../../../src/content/lookup-shards.ts'
import {
  ArticleLookupSchema,
  LookupIndexSchema,
  SecurityLookupSchema,
  type ArticleEntry,
  type Security,
  type LookupIndex,
} from '../../../src/content/lookup-schema.ts'
import {
  ArticleSchema,
  FeedPageSchema,
  PageListSchema,
  MANIFEST_FILE,
  ManifestSchema,
  type Article,
  type FeedPage,
  type PageList,
  type FeedRef,
  type Manifest,
} from '../../../src/content/schema.ts'
import { buildContent, type ContentOptions, type ContentResult } from '../../../src/pipeline/build-content.ts'
import { REPO_ROOT } from './repo-root.ts'

/** The fictional site under tests/fixtures (see its README). */
export const FIXTURE_SITE = join(REPO_ROOT, 'tests', 'fixtures', 'site')
export const FIXTURE_POSTS = join(FIXTURE_SITE, '_posts')
export const FIXTURE_CATEGORIES = join(FIXTURE_SITE, 'category')

const made: string[] = []

/** A fresh folder under the system's temporary folder; `removeTempDirs` deletes it. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `finews-test-${label}-`))
  made.push(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** Copies a folder (keeping modification times, which the build uses). */
export function copyDir(from: string, to: string): string {
  cpSync(from, to, { recursive: true, preserveTimestamps: true })
  return to
}

export function build(options: Partial<ContentOptions> & Pick<ContentOptions, 'posts' | 'out'>): Promise<ContentResult> {
  return buildContent({ categories: null, cacheDir: null, ...options })
}

/** Every file of a folder (relative posix path → bytes). */
export function readTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = join(entry.parentPath, entry.name)
    out.set(full.slice(dir.length + 1).split('\\').join('/'), readFileSync(full))
  }
  return out
}

/** Modification time of every file of a folder. */
export function mtimes(dir: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const path of readTree(dir).keys()) out.set(path, statSync(join(dir, path)).mtimeMs)
  return out
}

interface Parser<T> {
  parse(data: unknown): T
}

/** A data folder, read as the app reads it. */
export class DataFolder {
  readonly root: string
  readonly manifest: Manifest
  /** The look-up shards the manifest's index names. */
  readonly lookups: LookupIndex
  // Shards are named by their content: one read per DataFolder is enough.
  readonly #articleShards = new Map<string, ReadonlyMap<string, ArticleEntry>>()
  readonly #securityShards = new Map<string, ReadonlyMap<string, Security>>()

  constructor(root: string) {
    this.root = root
    this.manifest = this.read(MANIFEST_FILE, ManifestSchema)
    this.lookups = this.read(this.manifest.lookups, LookupIndexSchema)
  }

  read<T>(path: string, schema: Parser<T>): T {
    return schema.parse(JSON.parse(readFileSync(join(this.root, path), 'utf8')))
  }

  /** The article shard at `path` as the app holds it: id → entry. */
  articleShard(path: string): ReadonlyMap<string, ArticleEntry> {
    let table = this.#articleShards.get(path)
    if (!table) {
      table = new Map(this.read(path, ArticleLookupSchema))
      this.#articleShards.set(path, table)
    }
    return table
  }

  /** The security shard at `path` as the app holds it: secid → security. */
  securityShard(path: string): ReadonlyMap<string, Security> {
    let table = this.#securityShards.get(path)
    if (!table) {
      table = new Map(this.read(path, SecurityLookupSchema).map((s) => [s.secid, s]))
      this.#securityShards.set(path, table)
    }
    return table
  }

  /** The look-up entry of `id` (its file and its neighbours) in the shard the reader opens for it; null when the archive has no such id. */
  articleEntry(id: string): ArticleEntry | null {
    const shards = this.lookups.articles
    const shard = shards[shardOf(shards, id)]
    if (shard === undefined) return null
    return this.articleShard(shard[1]).get(id) ?? null
  }

  /** The article file of `id`; null when the archive has no such id. */
  articlePath(id: string): string | null {
    return this.articleEntry(id)?.path ?? null
  }

  article(id: string): Article {
    const path = this.articlePath(id)
    if (path === null) throw new Error(`no article ${id} in the look-ups`)
    return this.read(path, ArticleSchema)
  }

  security(secid: string): Security | null {
    const shards = this.lookups.securities
    const shard = shards[shardOf(shards, secid)]
    if (shard === undefined) return null
    return this.securityShard(shard[1]).get(secid) ?? null
  }

  /** Every key of every article shard. */
  allArticleIds(): string[] {
    return this.lookups.articles.flatMap(([, shard]) => [...this.articleShard(shard).keys()])
  }

  allSecurities(): Security[] {
    return this.lookups.securities.flatMap(([, shard]) => [...this.securityShard(shard).values()])
  }

  /** The pages of a feed, newest first: its head, then the pages of its newest list (the head's `older`) and of the older lists it names. */
  feedPages(ref: FeedRef): { path: string; page: FeedPage }[] {
    return this.feedFiles(ref).pages
  }

  /** The pages of a feed and the page lists that name the older ones, in reading order. */
  feedFiles(ref: FeedRef): { pages: { path: string; page: FeedPage }[]; lists: { path: string; list: PageList }[] } {
    const pages: { path: string; page: FeedPage }[] = []
    const lists: { path: string; list: PageList }[] = []
    if (ref.head === null) return { pages, lists }
    const head = this.read(ref.head, FeedPageSchema)
    pages.push({ path: ref.head, page: head })
    if (head.older === null) return { pages, lists }
    const newest = this.read(head.older, PageListSchema)
    for (const path of [head.older, ...(newest.lists ?? [])]) {
      const list = path === head.older ? newest : this.read(path, PageListSchema)
      lists.push({ path, list })
      for (const page of list.pages) pages.push({ path: page, page: this.read(page, FeedPageSchema) })
    }
    return { pages, lists }
  }
}
