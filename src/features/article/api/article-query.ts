// An article by id, and its look-up entry: where its file is and its neighbours in its category. The file
// is found through the entry (lib/lookup-shard.ts) unless the caller already knows it (a feed item carries
// its article's path): then the article and the entry load side by side, and the neighbours may come later.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import type { ArticleEntry, ArticleLookup } from '../../../content/lookup-schema.ts'
import { ArticleSchema, type Article } from '../../../content/schema.ts'
import { DataError, fetchData } from '../../../lib/fetch-data.ts'
import type * as LookupShard from '../../../lib/lookup-shard.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

// Each shard becomes a Map once, the first time an id is looked up in it. The query cache keeps the shard
// as it came (plain JSON, like every other query); the Map follows it by identity and goes when it goes.
const tables = new WeakMap<ArticleLookup, ReadonlyMap<string, ArticleEntry>>()

// Imported when first needed, not with a feed (lib/lookup-shard.ts says why), and then once: an import() of
// a module already loaded is resolved again each time, which took 0.12 ms of every prerendered article page.
let lookupModule: Promise<typeof LookupShard> | undefined

async function findEntry(client: QueryClient, id: string): Promise<ArticleEntry | undefined> {
  const { articleLookupQuery, lookupShard } = await (lookupModule ??= import('../../../lib/lookup-shard.ts'))
  const path = await lookupShard(client, 'articles', id)
  if (path === null) return undefined
  const shard = await client.ensureQueryData(articleLookupQuery(path))
  let table = tables.get(shard)
  if (!table) {
    table = new Map(shard)
    tables.set(shard, table)
  }
  return table.get(id)
}

/** Article `id`'s entry; a DataError of kind `absent` when the archive has no such article. */
export function articleEntryQuery(id: string) {
  return queryOptions({
    queryKey: queryKeys.articleEntry(id),
    queryFn: async ({ client }): Promise<ArticleEntry> => {
      const entry = await findEntry(client, id)
      if (entry === undefined) throw new DataError('absent', id)
      return entry
    },
  })
}

async function readArticle(path: string, id: string, signal: AbortSignal): Promise<Article> {
  const article = await fetchData(path, ArticleSchema, { signal })
  // A look-up that points at another article is broken data, not a different article to show.
  if (article.id !== id) throw new DataError('invalid', path)
  return article
}

async function getArticle(client: QueryClient, id: string, knownPath: string | undefined, signal: AbortSignal): Promise<Article> {
  if (knownPath === undefined) return readArticle((await client.ensureQueryData(articleEntryQuery(id))).path, id, signal)
  try {
    return await readArticle(knownPath, id, signal)
  } catch (error) {
    // A feed page of an older build (still on screen, or in the history entry the reader came back to)
    // can name a file a newer build replaced: the look-up knows the new one.
    if (!(error instanceof DataError && error.kind === 'not-found')) throw error
    const { path } = await client.ensureQueryData(articleEntryQuery(id))
    if (path === knownPath) throw error
    return readArticle(path, id, signal)
  }
}

export function articleQuery(id: string, knownPath?: string) {
  return queryOptions({
    queryKey: queryKeys.article(id),
    queryFn: ({ client, signal }) => getArticle(client, id, knownPath, signal),
  })
}
