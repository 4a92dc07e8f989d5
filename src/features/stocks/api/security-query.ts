// One security: what the archive knows about it (name, count, newest headlines, its feed). It comes out
// of the sharded look-up table (lib/lookup-shard.ts); the shard is cached under its own key, so a reader who
// hovers one mention after another downloads each shard once, whichever securities it holds.
import { queryOptions, type QueryClient } from '@tanstack/react-query'
import type { Security, SecurityLookup } from '../../../content/lookup-schema.ts'
import { DataError } from '../../../lib/fetch-data.ts'
import { lookupShard, securityLookupQuery } from '../../../lib/lookup-shard.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

// Each shard becomes a Map by secid once, the first time a secid is looked up in it; the Map follows the
// cached shard by identity and goes when it goes.
const tables = new WeakMap<SecurityLookup, ReadonlyMap<string, Security>>()

/** The security `secid`; a DataError of kind `absent` when no article in the archive mentions it. */
export async function getSecurity(client: QueryClient, secid: string): Promise<Security> {
  const path = await lookupShard(client, 'securities', secid)
  if (path === null) throw new DataError('absent', secid)
  // Checked against SecurityLookupSchema by fetchData, like every file the reader loads, and looked into
  // by each security's own secid, so no key can pick out anything else.
  const shard = await client.ensureQueryData(securityLookupQuery(path))
  let table = tables.get(shard)
  if (!table) {
    table = new Map(shard.map((security) => [security.secid, security]))
    tables.set(shard, table)
  }
  const security = table.get(secid)
  if (security === undefined) throw new DataError('absent', secid)
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
