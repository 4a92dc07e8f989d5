// An article by id. Its file is found through the sharded look-up table (lib/lookup-shard.ts), unless the
// caller already knows it (a feed item carries its article's path), which saves the look-up on prefetch.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import { ArticleSchema, type Article } from '../../../content/schema.ts'
import { DataError, fetchData } from '../../../lib/fetch-data.ts'
import { lookupShard } from '../../../lib/lookup-shard.ts'
import { articleLookupQuery, queryKeys } from '../../../lib/query-keys.ts'

/** The data path of article `id`; a DataError of kind `absent` when the archive has no such article. */
async function findArticlePath(client: QueryClient, id: string): Promise<string> {
  const shard = await lookupShard(client, 'articles', id)
  if (shard === null) throw new DataError('absent', id)
  const lookup = await client.ensureQueryData(articleLookupQuery(shard))
  const path = lookup[id]
  if (path === undefined) throw new DataError('absent', id)
  return path
}

async function getArticle(client: QueryClient, id: string, knownPath: string | undefined, signal: AbortSignal): Promise<Article> {
  const path = knownPath ?? (await findArticlePath(client, id))
  const article = await fetchData(path, ArticleSchema, { signal })
  // A look-up that points at another article is broken data, not a different article to show.
  if (article.id !== id) throw new DataError('invalid', path)
  return article
}

export function articleQuery(id: string, knownPath?: string) {
  return queryOptions({
    queryKey: queryKeys.article(id),
    queryFn: ({ client, signal }) => getArticle(client, id, knownPath, signal),
  })
}
