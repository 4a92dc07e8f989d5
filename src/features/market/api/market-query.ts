// The market view's files: a security's history and 热门. Each is named by a hash of its content, so a
// loaded one never goes stale; a newer build names another file.
import { queryOptions } from '@tanstack/react-query'
import { HotSchema, SecurityHistorySchema } from '../../../content/market.ts'
import { fetchData } from '../../../lib/fetch-data.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

export function historyQuery(path: string) {
  return queryOptions({
    queryKey: queryKeys.market(path),
    queryFn: ({ signal }) => fetchData(path, SecurityHistorySchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  })
}

export function hotQuery(path: string) {
  return queryOptions({
    queryKey: queryKeys.market(path),
    queryFn: ({ signal }) => fetchData(path, HotSchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  })
}
