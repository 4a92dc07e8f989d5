// The home file: per tag, its count and five newest items.
import { queryOptions } from '@tanstack/react-query'
import { HomeSchema } from '../../../content/schema'
import { fetchData } from '../../../lib/fetch-data'
import { queryKeys } from '../../../lib/query-keys'

export function homeQuery(path: string) {
  return queryOptions({
    queryKey: queryKeys.home(path),
    queryFn: ({ signal }) => fetchData(path, HomeSchema, { signal }),
  })
}
