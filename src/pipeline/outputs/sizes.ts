// How the outputs are cut: options, so that tests can make pages, lists and shards tiny and exercise every
// path (many page lists, many shards) on a few thousand posts.
export interface OutputSizes {
  /** Articles per feed page (a feed's newest page holds from this to twice this, less one). */
  page: number
  /** Older pages per page list. */
  list: number
  /** About how many keys a look-up shard holds (src/content/lookup-shards.ts)... */
  shardKeys: number
  /** ...doubled until a look-up table has about this many shards at most. */
  maxShards: number
  /** Newest articles per tag on the home page. */
  homeItems: number
  /** Tags offered by a feed's tag filter. */
  facetTags: number
  /** Newest headlines a security's card shows. */
  headlines: number
  /** About how many undated articles' search terms the archive index keeps together (search-index.ts). */
  undatedRun: number
}

export const DEFAULT_SIZES: OutputSizes = { page: 25, list: 100, shardKeys: 500, maxShards: 1024, homeItems: 5, facetTags: 30, headlines: 3, undatedRun: 512 }

export function withSizes(partial: Partial<OutputSizes> | undefined): OutputSizes {
  const sizes = { ...DEFAULT_SIZES, ...partial }
  for (const [name, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`size ${name} must be a whole number above 0 (got ${value})`)
  }
  return sizes
}
