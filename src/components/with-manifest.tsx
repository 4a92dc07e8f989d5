// Routes start from the manifest (it names every other file). This renders its loading and error states
// in the page's body, so the header and navigation keep working, and hands the data on once it is here.
import type { ReactNode } from 'react'
import { useQuery } from '@tanstack/react-query'
import type { Manifest } from '../content/schema.ts'
import { manifestQuery } from '../lib/query-keys.ts'
import { ErrorState } from './error-state.tsx'

interface WithManifestProps {
  /** What stands in while it loads: the skeleton of the page that will appear. */
  loading: ReactNode
  children: (manifest: Manifest) => ReactNode
}

export function WithManifest({ loading, children }: WithManifestProps) {
  const query = useQuery(manifestQuery())
  if (query.isPending) return loading
  if (query.isError) return <ErrorState error={query.error} onRetry={() => void query.refetch()} retrying={query.isFetching} />
  return children(query.data)
}
