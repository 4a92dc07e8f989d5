// Live news. The old site reloaded itself every minute; the reader instead checks the manifest every
// minute while the page is visible, and never changes a list under the reader by itself. A screen pins
// what it started with (the manifest, or a security) per history entry, so Back returns to the same list;
// when a newer manifest has more for this list, the screen offers "N 条新消息", and taking it up merges the
// new pages in front of the loaded ones and moves the pin, all in one render.
import { useMemo, useState } from 'react'
import {
  notifyManager,
  queryOptions,
  skipToken,
  useQuery,
  useQueryClient,
  type InfiniteData,
  type QueryClient,
} from '@tanstack/react-query'
import { useLocation } from 'react-router-dom'
import { FeedPageSchema, type FeedItem, type FeedRef, type Manifest } from '../../../content/schema.ts'
import { fetchData } from '../../../lib/fetch-data.ts'
import { manifestQuery, queryKeys } from '../../../lib/query-keys.ts'
import { feedQuery, headCursor, loadedPage, pageAt, type FeedCursor, type LoadedPage } from './feed-query.ts'

export const LIVE_POLL_MS = 60_000
/** Pages read from a new head before giving up on meeting the loaded ones; a minute's news is one page. */
const MAX_UPDATE_PAGES = 8

/** The newest manifest, fetched again every minute while the page is visible. */
export function useLatestManifest(): Manifest | undefined {
  return useQuery({
    ...manifestQuery(),
    refetchInterval: LIVE_POLL_MS,
    // react-query skips the interval while document.visibilityState is hidden; a tab that comes back
    // after a minute or more checks at once instead of waiting for the next tick.
    refetchIntervalInBackground: false,
    refetchOnWindowFocus: true,
    staleTime: LIVE_POLL_MS,
  }).data
}

export interface Pinned<T> {
  value: T
  /** Ids of the items the last update brought, marked 新. */
  fresh: readonly string[]
}

/**
 * What `screen` shows in this history entry: the first `latest` it saw until `pin` moves it. Kept in the
 * query cache (no fetching; gone 30 minutes after the screen unmounts, like its pages), so a Back finds
 * the same list. An entry the mounted screen moves to (a tag filter changed) carries the pin over, so the
 * filter narrows the same data rather than jumping to the newest. The dev server's data-changed event
 * resets every pin: there the author wants to see edits at once.
 */
export function usePinned<T>(screen: string, latest: T): [Pinned<T>, (next: Pinned<T>) => void] {
  const client = useQueryClient()
  const { key } = useLocation()
  const queryKey = queryKeys.pinned(screen, key)
  // The last pin this mounted screen showed, and the entry it was for.
  const [carried, setCarried] = useState(() => ({ key, pin: { value: latest, fresh: [] as readonly string[] } }))
  // No pin yet: a new entry of this screen takes the one it came from; its first entry (or one whose pin
  // was reset) takes the newest data. Stored before the query is read, during render (idempotent: only
  // when missing), so storing it re-renders nothing. Stored from an effect, it re-rendered the whole
  // screen at once after hydration: the longest task on a slow phone's home page after hydration itself.
  if (client.getQueryData(queryKey) === undefined) {
    const first = key !== carried.key || carried.pin.value === latest ? carried.pin : { value: latest, fresh: [] }
    client.setQueryData<Pinned<T>>(queryKey, first)
  }
  const stored = useQuery<Pinned<T>>({ queryKey, queryFn: skipToken }).data
  if (stored !== undefined && (stored !== carried.pin || key !== carried.key)) setCarried({ key, pin: stored })
  const shown = stored ?? carried.pin
  const pin = (next: Pinned<T>) => client.setQueryData(queryKey, next)
  return [shown, pin]
}

interface UpdatePages {
  pages: LoadedPage[]
  pageParams: unknown[]
}

/** Extra data the screen shows beside the list that changes with the update (facets, the home file). */
export interface UpdateExtra {
  key: string
  load: (client: QueryClient) => Promise<unknown>
}

/**
 * The new feed from its head up to where it meets the pages already loaded (a new post rewrites only a
 * feed's newest page, and now and then cuts one older page; the others keep their names), or until it
 * covers every loaded item.
 */
function updateQuery(head: string, loaded: InfiniteData<LoadedPage, unknown>, extra: UpdateExtra | undefined) {
  return queryOptions({
    queryKey: queryKeys.feedUpdate(head, loaded.pages[0]?.path ?? '', extra?.key ?? ''),
    queryFn: async ({ client, signal }): Promise<UpdatePages> => {
      const known = new Set(loaded.pages.flatMap((page) => page.items.map((item) => item.id)))
      const joins = new Set(loaded.pages.map((page) => page.path))
      const result: UpdatePages = { pages: [], pageParams: [] }
      let next: FeedCursor | null = headCursor(head)
      while (next !== null && known.size > 0 && result.pages.length < MAX_UPDATE_PAGES) {
        const { path, cursor } = await pageAt(next, signal)
        if (joins.has(path)) break
        const page = loadedPage(path, await fetchData(path, FeedPageSchema, { signal }), cursor)
        result.pages.push(page)
        result.pageParams.push(next)
        for (const item of page.items) known.delete(item.id)
        next = page.next
      }
      await extra?.load(client)
      return result
    },
  })
}

/** The update's items newer than the newest one the reader has (those after it are merely not loaded yet). */
function freshItems(update: UpdatePages, loaded: InfiniteData<LoadedPage, unknown>): FeedItem[] {
  const known = new Set(loaded.pages.flatMap((page) => page.items.map((item) => item.id)))
  const items = update.pages.flatMap((page) => page.items)
  let last = -1
  items.forEach((item, i) => {
    if (known.has(item.id)) last = i
  })
  return items.slice(0, last === -1 ? items.length : last).filter((item) => !known.has(item.id))
}

interface FeedUpdateInput {
  /** The feed on screen and the same feed in the newest data. */
  shown: FeedRef | null
  latest: FeedRef | null
  /** The shown feed's loaded pages. */
  loaded: InfiniteData<LoadedPage, unknown> | undefined
  /** The screen's filter: only items it would show count. */
  matches?: (item: FeedItem) => boolean
  extra?: UpdateExtra | undefined
}

/**
 * How many new items the newest data has for this list, and `take()`, which puts the new feed's pages
 * (new head pages, then the loaded ones they lead to) in the cache and returns the new items' ids.
 */
export function useFeedUpdate({ shown, latest, loaded, matches, extra }: FeedUpdateInput) {
  const client = useQueryClient()
  const newHead = latest?.head ?? null
  const changed = newHead !== null && newHead !== shown?.head && loaded !== undefined
  const update = useQuery({
    ...updateQuery(newHead ?? '', loaded ?? { pages: [], pageParams: [] }, extra),
    enabled: changed,
  })
  const data = changed ? update.data : undefined
  const fresh = useMemo(
    () => (data && loaded ? freshItems(data, loaded).filter((item) => matches?.(item) ?? true) : []),
    [data, loaded, matches],
  )

  const take = (): string[] => {
    if (!data || !loaded || newHead === null) return []
    // The loaded pages from the first one holding something the new pages lack (where they meet, or the
    // rest of a list the update did not reach): the reader keeps every item they had.
    const seen = new Set(data.pages.flatMap((page) => page.items.map((item) => item.id)))
    let from = loaded.pages.findIndex((page) => page.items.some((item) => !seen.has(item.id)))
    if (from === -1) from = loaded.pages.length
    client.setQueryData(feedQuery(newHead).queryKey, {
      pages: [...data.pages, ...loaded.pages.slice(from)],
      pageParams: [...data.pageParams, ...loaded.pageParams.slice(from)],
    })
    return fresh.map((item) => item.id)
  }
  return { count: fresh.length, take }
}

/** Cache writes that must reach the screen in one render (the merged pages and the moved pin). */
export function together(write: () => void): void {
  notifyManager.batch(write)
}
