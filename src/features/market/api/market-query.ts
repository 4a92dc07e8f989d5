// The market view's files: a security's history and 热门. Each is named by a hash of its content, so a
// loaded one never goes stale; a newer build names another file.
import { queryOptions } from '@tanstack/react-query'
import { CategoryHotSchema, HotSchema, SecurityHistorySchema, type HotSecurity } from '../../../content/market.ts'
import { fetchData } from '../../../lib/fetch-data.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

export function historyQuery(path: string) {
  return queryOptions({
    queryKey: queryKeys.market(path),
    queryFn: ({ signal }) => fetchData(path, SecurityHistorySchema, { signal }),
    staleTime: Number.POSITIVE_INFINITY,
  })
}

/** 热门 as a panel shows it, of the archive (the manifest's `market`) or of a category (its `hot`). */
export interface HotList {
  /** Where its 24 hours end; null in an archive without dated articles. */
  until: string | null
  items: HotSecurity[]
}

export function hotQuery(path: string, of: 'archive' | 'category') {
  return queryOptions({
    queryKey: queryKeys.market(path),
    queryFn: async ({ signal }): Promise<HotList> => {
      if (of === 'category') {
        const hot = await fetchData(path, CategoryHotSchema, { signal })
        return { until: hot.until, items: hot.items }
      }
      const hot = await fetchData(path, HotSchema, { signal })
      return { until: hot.until, items: hot.all }
    },
    staleTime: Number.POSITIVE_INFINITY,
  })
}
