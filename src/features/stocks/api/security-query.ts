// One security: what the archive knows about it (name, count, newest headlines, its feed). It comes out
// of the sharded look-up table (lib/lookup-shard.ts); the shard is cached under its own key, so a reader who
// hovers one mention after another downloads each shard once, whichever securities it holds.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import type { Security } from '../../../content/schema.ts'
import { DataError } from '../../../lib/fetch-data.ts'
import { lookupShard } from '../../../lib/lookup-shard.ts'
import { queryKeys, securityLookupQuery } from '../../../lib/query-keys.ts'

/** The security `secid`; a DataError of kind `absent` when no article in the archive mentions it. */
export async function getSecurity(client: QueryClient, secid: string): Promise<Security> {
  const shard = await lookupShard(client, 'securities', secid)
  if (shard === null) throw new DataError('absent', secid)
  // Validated against SecurityLookupSchema by fetchData, like every file the reader loads.
  const lookup = await client.ensureQueryData(securityLookupQuery(shard))
  const security = lookup[secid]
  if (security === undefined) throw new DataError('absent', secid)
  // A shard that files one security under another's secid is broken data, not a different security to show.
  if (security.secid !== secid) throw new DataError('invalid', shard)
  return security
}

export function securityQuery(secid: string) {
  return queryOptions({
    queryKey: queryKeys.security(secid),
    queryFn: ({ client }) => getSecurity(client, secid),
  })
}

/** The security as the build `build` (named by the manifest that announced it) has it. */
export function securityInBuildQuery(secid: string, build: string) {
  return queryOptions({
    queryKey: queryKeys.securityIn(secid, build),
    queryFn: ({ client }) => getSecurity(client, secid),
  })
}
