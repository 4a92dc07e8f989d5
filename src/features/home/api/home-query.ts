// The home file: per tag, its count and five newest items.
import { queryOptions } from '@tanstack/react-query'
import { HomeSchema } from '../../../content/schema.ts'
import { fetchData } from '../../../lib/fetch-data.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

export function homeQuery(path: string) {
  return queryOptions({
    queryKey: queryKeys.home(path),
    queryFn: ({ signal }) => fetchData(path, HomeSchema, { signal }),
  })
}
