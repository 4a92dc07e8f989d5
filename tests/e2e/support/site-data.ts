// Where a built site keeps a given piece of data: the file names are content hashes, so a test that makes
// one file fail (static-server override) reads the manifest and look-up tables of the build to find it.
// Only file names come from here; what the pages must show comes from the corpus.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ArticleLookupSchema, LookupIndexSchema } from '../../../src/content/lookup-schema.ts'

interface FeedRef {
  count: number
  head: string | null
}

interface BuiltManifest {
  feed: FeedRef
  home: string
  categories: { slug: string; feed: FeedRef }[]
  tags: { name: string; feed: FeedRef }[]
  /** The look-up index file, which names the shards. */
  lookups: string
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, 'utf8')) as unknown
}

export async function builtManifest(site: string): Promise<BuiltManifest> {
  return (await readJson(path.join(site, 'data', 'manifest.json'))) as BuiltManifest
}

/** `data/…` paths relative to the base, as static-server overrides take them. */
export function dataPath(file: string): string {
  return `data/${file}`
}

/** The data path of a category's newest feed page. */
export async function categoryHead(site: string, slug: string): Promise<string> {
  const head = (await builtManifest(site)).categories.find((c) => c.slug === slug)?.feed.head
  if (!head) throw new Error(`the build has no feed for category ${slug}`)
  return dataPath(head)
}

/** The data path of the feed page after its newest page `head` (a data path), or null when there is none. */
export async function secondFeedPage(site: string, head: string): Promise<string | null> {
  const { older } = (await readJson(path.join(site, head))) as { older: string | null }
  if (older === null) return null
  const { pages } = (await readJson(path.join(site, dataPath(older)))) as { pages: string[] }
  return pages[0] === undefined ? null : dataPath(pages[0])
}

/** The data path of the look-up shard that holds article `id`'s entry, and of the article's own file. */
export async function articleFiles(site: string, id: string): Promise<{ lookup: string; article: string }> {
  const index = LookupIndexSchema.parse(await readJson(path.join(site, 'data', (await builtManifest(site)).lookups)))
  for (const [, shard] of index.articles) {
    // [id, entry] pairs: found by comparing ids, never by indexing an object with one.
    const pair = ArticleLookupSchema.parse(await readJson(path.join(site, 'data', shard))).find(([key]) => key === id)
    if (pair !== undefined) return { lookup: dataPath(shard), article: dataPath(pair[1].path) }
  }
  throw new Error(`the build has no article ${id}`)
}

/** The full path on disk of a data path. */
export function onDisk(site: string, data: string): string {
  return path.join(site, data)
}
