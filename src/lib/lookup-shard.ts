// Which shard of a look-up table holds a key: manifest → look-up index → shard, each cached by react-query.
// Articles (id → its file and neighbours) and securities (secid → what the archive knows) are found the
// same way. A shard is a list, never an object to index with the key: ids and secids come from addresses
// and article bodies, and `__proto__`, `constructor` or `toString` must name an entry or nothing. Each
// feature turns its shards into Maps (article-query.ts, security-query.ts).
//
// A feed names its articles' files: the feed route's first load goes without this module and the look-up
// schemas, and article-query.ts imports it when it first looks an id up.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { ArticleLookupSchema, LookupIndexSchema, SecurityLookupSchema } from '../content/lookup-schema.ts'
import { shardOf } from '../content/lookup-shards.ts'
import { fetchData } from './fetch-data.ts'
import { manifestQuery, queryKeys } from './query-keys.ts'

function lookupIndexQuery(path: string) {
  return queryOptions({
    queryKey: queryKeys.lookupIndex(path),
    queryFn: ({ signal }) => fetchData(path, LookupIndexSchema, { signal }),
  })
}

export function articleLookupQuery(shard: string) {
  return queryOptions({
    queryKey: queryKeys.articleLookup(shard),
    queryFn: ({ signal }) => fetchData(shard, ArticleLookupSchema, { signal }),
  })
}

export function securityLookupQuery(shard: string) {
  return queryOptions({
    queryKey: queryKeys.securityLookup(shard),
    queryFn: ({ signal }) => fetchData(shard, SecurityLookupSchema, { signal }),
  })
}

/** The shard's data path, or null when the table has no shards at all (an empty archive). */
export async function lookupShard(client: QueryClient, table: 'articles' | 'securities', key: string): Promise<string | null> {
  const manifest = await client.ensureQueryData(manifestQuery())
  const index = await client.ensureQueryData(lookupIndexQuery(manifest.lookups))
  const shards = index[table]
  return shards[shardOf(shards, key)]?.[1] ?? null
}
