// The reader's QueryClient, made in one place so the app, the tests and a later prerender step share its rules.
import { QueryClient, type DefaultOptions } from '@tanstack/react-query'
import { DataError } from './fetch-data.ts'

/** Loaded feed pages stay this long after a reader leaves a feed, so Back lands on the same list. */
const KEEP_LOADED_MS = 30 * 60_000

export function createQueryClient(overrides: NonNullable<DefaultOptions['queries']> = {}): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Every data file but the manifest is named by its content hash: once loaded it never goes stale.
        // The manifest overrides this in its own query options.
        staleTime: Number.POSITIVE_INFINITY,
        gcTime: KEEP_LOADED_MS,
        refetchOnWindowFocus: false,
        // Offline, the service worker still answers from its caches and the saved articles: a query always
        // tries once (the default, 'online', would wait for the browser to say it is online again).
        networkMode: 'offlineFirst',
        // A 404, broken JSON or a schema mismatch will fail the same way again; only passing trouble is retried.
        retry: (failureCount, error) => error instanceof DataError && error.transient && failureCount < 2,
        retryDelay: (attempt) => Math.min(1000 * 2 ** attempt, 8000),
        ...overrides,
      },
    },
  })
}
