// Saved articles open without a network: saving one puts its page and the data it needs (its article
// file, the look-up shard that names it and the look-up index that names the shard) into the Cache Storage
// cache the service worker (the offline engineer's) answers from when offline; unsaving takes out what no
// other saved article needs. Loaded lazily by the save button. Browsers without Cache Storage (plain
// http on another host, old ones) simply skip it.
import type { QueryClient } from '@tanstack/react-query'
import { paths } from '../../content/routes.ts'
import { dataUrl } from '../../lib/data-url.ts'
import { lookupShard } from '../../lib/lookup-shard.ts'
import { manifestQuery } from '../../lib/query-keys.ts'
import { articleEntryQuery } from '../article/api/article-query.ts'

export const SAVED_CACHE = 'finews-saved-v1'

/** The route of article `id` under the site's base: `/finews/a/<id>`. */
export function articlePageUrl(id: string): string {
  return `${import.meta.env.BASE_URL}${paths.article(id).slice(1)}`
}

/** Every URL article `id` needs to open offline, as the current build has them. */
export async function offlineUrls(client: QueryClient, id: string): Promise<string[]> {
  const [manifest, entry, shard] = await Promise.all([
    client.ensureQueryData(manifestQuery()),
    client.ensureQueryData(articleEntryQuery(id)),
    lookupShard(client, 'articles', id),
  ])
  const urls = [articlePageUrl(id), dataUrl(entry.path), dataUrl(manifest.lookups)]
  if (shard !== null) urls.push(dataUrl(shard))
  return urls
}

function hasCaches(): boolean {
  return typeof caches !== 'undefined'
}

/** Puts article `id` in the saved cache; false when it could not (no Cache Storage, offline, storage full). */
export async function keepOffline(client: QueryClient, id: string): Promise<boolean> {
  if (!hasCaches()) return false
  try {
    const cache = await caches.open(SAVED_CACHE)
    await cache.addAll(await offlineUrls(client, id))
    return true
  } catch {
    return false
  }
}

/** Takes article `id` out of the saved cache, keeping the shared files the `remaining` saved articles need. */
export async function dropOffline(client: QueryClient, id: string, remaining: readonly string[]): Promise<void> {
  if (!hasCaches()) return
  try {
    const cache = await caches.open(SAVED_CACHE)
    let gone: string[]
    try {
      gone = await offlineUrls(client, id)
    } catch {
      // Offline, or the article left the archive: at least its page goes.
      gone = [articlePageUrl(id)]
    }
    const kept = new Set<string>()
    for (const other of remaining) {
      try {
        for (const url of await offlineUrls(client, other)) kept.add(url)
      } catch {
        // An article that left the archive needs nothing shared.
      }
    }
    await Promise.all(gone.filter((url) => !kept.has(url)).map((url) => cache.delete(url)))
  } catch {
    // Cache Storage refused (storage cleared under the page): nothing is left to take out.
  }
}
