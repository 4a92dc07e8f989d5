// The one query-key factory (general to specific, `as const`), and the query options of the data every
// feature needs: the manifest (the look-up files' are in lookup-shard.ts). Features build their own options
// from these keys.
import { queryOptions } from '@tanstack/react-query'
import { MANIFEST_FILE, ManifestSchema } from '../content/schema.ts'
import { fetchData } from './fetch-data.ts'

export const queryKeys = {
  all: ['finews'] as const,
  manifest: () => [...queryKeys.all, 'manifest'] as const,
  home: (path: string) => [...queryKeys.all, 'home', path] as const,
  /** A feed, keyed by its newest page: the infinite query holds every page loaded so far. */
  feed: (head: string) => [...queryKeys.all, 'feed', head] as const,
  /** The pages between a feed's new newest page and the ones already on screen (live news). */
  feedUpdate: (head: string, shownHead: string, extra: string) => [...queryKeys.all, 'feed-update', head, shownHead, extra] as const,
  /** What a feed screen shows, pinned per history entry so it never changes under the reader by itself. */
  pinnedAll: () => [...queryKeys.all, 'pinned'] as const,
  pinned: (screen: string, entry: string) => [...queryKeys.pinnedAll(), screen, entry] as const,
  article: (id: string) => [...queryKeys.all, 'article', id] as const,
  /** Where article `id` is and its neighbours, picked out of its look-up shard (cached under its own key below). */
  articleEntry: (id: string) => [...queryKeys.all, 'article-entry', id] as const,
  /** One security, picked out of its look-up shard (which is cached under its own key below). */
  security: (secid: string) => [...queryKeys.all, 'security', secid] as const,
  /** The same security as a given build has it (live news on a stock page reads it again per build). */
  securityIn: (secid: string, build: string) => [...queryKeys.security(secid), build] as const,
  // Shards are keyed by their content-hashed path rather than their place: a newer manifest may cut the
  // table differently, and shard 3 of one build is not shard 3 of the next.
  lookupIndex: (path: string) => [...queryKeys.all, 'lookup-index', path] as const,
  articleLookup: (shard: string) => [...queryKeys.all, 'article-lookup', shard] as const,
  securityLookup: (shard: string) => [...queryKeys.all, 'security-lookup', shard] as const,
  /** A market file (a security's history, 热门), by its content-hashed path. */
  market: (path: string) => [...queryKeys.all, 'market', path] as const,
}

/** The manifest is the only file whose name stays the same across builds, so it is checked again now and then. */
const MANIFEST_STALE_MS = 5 * 60_000

export function manifestQuery() {
  return queryOptions({
    queryKey: queryKeys.manifest(),
    queryFn: ({ signal }) => fetchData(MANIFEST_FILE, ManifestSchema, { signal, cache: 'no-cache' }),
    staleTime: MANIFEST_STALE_MS,
  })
}
