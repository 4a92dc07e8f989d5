// The files about the whole archive: the home file (each tag's count and newest articles) and the manifest
// (counts, the newest article, every category and tag with its feed, and where the home file and the
// look-ups are). The manifest is the one file whose name never changes; it is made last and swapped in
// whole.
import { HomeSchema, ManifestSchema, SCHEMA_VERSION, type Category, type FeedRef, type Manifest, type Tag } from '../../content/schema.ts'
import type { ArchiveIndex } from '../index/archive-index.ts'
import { hashKey } from '../hash-key.ts'
import type { OutputFolder } from './output-folder.ts'
import type { OutputSizes } from './sizes.ts'

interface FeedRow {
  name: string
  count: number
  head: string | null
}

const refOf = (row: FeedRow | undefined): FeedRef => (row && row.count > 0 ? { count: row.count, head: row.head } : { count: 0, head: null })

/** Every tag's feed, most used first, then by name. */
function tagFeeds(index: ArchiveIndex): FeedRow[] {
  return index.db.prepare("SELECT name, count, head FROM feeds WHERE name >= 't:' AND name < 't;' AND count > 0 ORDER BY count DESC, name").all() as FeedRow[]
}

export function writeHome(index: ArchiveIndex, folder: OutputFolder, sizes: OutputSizes, outputKey: string): string {
  const items = index.db.prepare('SELECT a.item FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = (SELECT fid FROM feeds WHERE name = ?) ORDER BY m.t DESC, m.id DESC LIMIT ?').pluck()
  const tags = tagFeeds(index).map((row) => `{"name":${JSON.stringify(row.name.slice(2))},"count":${row.count},"items":[${(items.all(row.name, sizes.homeItems) as string[]).join(',')}]}`)
  const json = `{"tags":[${tags.join(',')}]}`
  const path = `home/${hashKey(outputKey, json)}.json`
  folder.put(path, () => {
    HomeSchema.parse(JSON.parse(json))
    return json
  })
  return path
}

export interface ManifestInput {
  index: ArchiveIndex
  /** Category slug → display name from the old site's category pages. */
  categoryNames: ReadonlyMap<string, string>
  builtAt: string
  home: string
  /** 热门 (outputs/market/market-files.ts). */
  market?: string
  lookups: string
  securities: number
}

/** The display name of a category: its category page's title, else its commonest tag, else the slug. */
function displayName(index: ArchiveIndex, slug: string, fromPages: ReadonlyMap<string, string>): string {
  const page = fromPages.get(slug)
  // Some category pages only repeat the slug ("Cailianshe"): a tag like 财联社新闻 says more.
  if (page !== undefined && page.toLowerCase() !== slug.toLowerCase()) return page
  const top = index.db.prepare('SELECT tag FROM feed_tags WHERE fid = (SELECT fid FROM feeds WHERE name = ?) AND n > 0 ORDER BY n DESC, tag LIMIT 1').pluck().get(`c:${slug}`) as string | undefined
  return top ?? page ?? slug
}

export function makeManifest(input: ManifestInput): Manifest {
  const { index } = input
  const db = index.db
  const all = db.prepare("SELECT name, count, head FROM feeds WHERE name = 'all'").get() as FeedRow | undefined
  const categoryRows = db.prepare("SELECT name, count, head FROM feeds WHERE name >= 'c:' AND name < 'c;' AND count > 0").all() as FeedRow[]
  const slugs = new Map(categoryRows.map((row) => [row.name.slice(2), row]))
  // The old site had a page for every category page, posts or not; its links must still lead somewhere.
  for (const slug of input.categoryNames.keys()) if (!slugs.has(slug)) slugs.set(slug, { name: `c:${slug}`, count: 0, head: null })
  // Each category's 热门 (outputs/market/market-files.ts), where it has one.
  const hotOf = db.prepare('SELECT path FROM cat_hot WHERE slug = ? AND path IS NOT NULL').pluck()
  const categories: Category[] = [...slugs]
    .map(([slug, row]) => {
      const hot = hotOf.get(slug) as string | undefined
      return { slug, name: displayName(index, slug, input.categoryNames), count: row.count, feed: refOf(row), ...(hot === undefined ? {} : { hot }) }
    })
    .sort((a, b) => b.count - a.count || (a.slug < b.slug ? -1 : 1))
  const tags: Tag[] = tagFeeds(index).map((row) => ({ name: row.name.slice(2), count: row.count, feed: refOf(row) }))
  const latest = db.prepare("SELECT a.id, a.date FROM members m JOIN articles a ON a.id = m.id WHERE m.fid = (SELECT fid FROM feeds WHERE name = 'all') ORDER BY m.t DESC, m.id DESC LIMIT 1").get() as
    | { id: string; date: string | null }
    | undefined
  // Every article file, twins included (the feed of all articles lists a story once: outputs/market/twins.ts).
  const count = db.prepare('SELECT count(*) FROM articles').pluck().get() as number
  return ManifestSchema.parse({
    schemaVersion: SCHEMA_VERSION,
    builtAt: input.builtAt,
    counts: { articles: count, categories: categories.length, tags: tags.length, securities: input.securities },
    latest: latest ? { id: latest.id, date: latest.date } : null,
    feed: refOf(all),
    home: input.home,
    ...(input.market === undefined ? {} : { market: input.market }),
    categories,
    tags,
    lookups: input.lookups,
  })
}
