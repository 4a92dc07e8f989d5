// A feed as one infinite query: its pages, newest first. The newest page names the newest list of the older
// pages, which names the older lists, so each loaded page carries where the next older one is.
import { infiniteQueryOptions, skipToken } from '@tanstack/react-query'
import { FeedPageSchema, PageListSchema, type FeedPage, type PageList } from '../../../content/schema.ts'
import { DataError, fetchData } from '../../../lib/fetch-data.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

/** Where the next page of a feed is: the pages already known, next first, then the lists to read after them. */
export interface FeedCursor {
  pages: readonly string[]
  lists: readonly string[]
}

/** A page as the reader holds it: its file, its data path and the cursor of the next older page (null on the last). */
export interface LoadedPage extends FeedPage {
  path: string
  next: FeedCursor | null
}

export function headCursor(head: string): FeedCursor {
  return { pages: [head], lists: [] }
}

/**
 * The page at `path`, read at `cursor`, with the cursor of the page after it (the newest page, read first
 * with no list known, names the newest list).
 */
export function loadedPage(path: string, page: FeedPage, cursor: FeedCursor): LoadedPage {
  const rest = cursor.pages.slice(1)
  const lists = page.older ? [page.older] : cursor.lists
  return { ...page, path, next: rest[0] || lists[0] ? { pages: rest, lists } : null }
}

/**
 * The cursor after reading `list`, the first of `cursor`'s lists: its pages, then the rest of the lists, or
 * those it names (the newest list, read first, names every older one).
 */
export function listRead(list: PageList, cursor: FeedCursor): FeedCursor {
  return { pages: list.pages, lists: list.lists ?? cursor.lists.slice(1) }
}

/** The data path of the page at `cursor`, and the cursor with the page list it needed read in. */
export async function pageAt(cursor: FeedCursor, signal?: AbortSignal): Promise<{ path: string; cursor: FeedCursor }> {
  const next = cursor.lists[0]
  // (Written for the feed route's budget: a few bytes of gzip decided between forms of the same logic.)
  const known = cursor.pages[0] || !next ? cursor : listRead(await fetchData(next, PageListSchema, { signal }), cursor)
  const path = known.pages[0]
  if (!path) throw new DataError('invalid', next ?? '')
  return { path, cursor: known }
}

export async function loadFeedPage(at: FeedCursor, signal?: AbortSignal): Promise<LoadedPage> {
  const { path, cursor } = await pageAt(at, signal)
  return loadedPage(path, await fetchData(path, FeedPageSchema, { signal }), cursor)
}

/** `head` is the feed's newest page; null for an empty feed, which needs no request at all. */
export function feedQuery(head: string | null) {
  return infiniteQueryOptions({
    queryKey: queryKeys.feed(head ?? ''),
    queryFn: head === null ? skipToken : ({ pageParam, signal }) => loadFeedPage(pageParam, signal),
    initialPageParam: headCursor(head ?? ''),
    getNextPageParam: (last: LoadedPage) => last.next ?? undefined,
  })
}
