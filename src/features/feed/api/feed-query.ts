// A feed as one infinite query: its pages, newest first. The newest page names a list of the older pages
// (and each list the next older one), so each loaded page carries where the next older one is.
import { infiniteQueryOptions, skipToken } from '@tanstack/react-query'
import { FeedPageSchema, PageListSchema, type FeedPage } from '../../../content/schema.ts'
import { DataError, fetchData } from '../../../lib/fetch-data.ts'
import { queryKeys } from '../../../lib/query-keys.ts'

/** Where the next page of a feed is: the pages already known, next first, then the list to read after them. */
export interface FeedCursor {
  pages: readonly string[]
  list: string | null
}

/** A page as the reader holds it: its file, its data path and the cursor of the next older page (null on the last). */
export interface LoadedPage extends FeedPage {
  path: string
  next: FeedCursor | null
}

export function headCursor(head: string): FeedCursor {
  return { pages: [head], list: null }
}

/** The page at `path`, read at `cursor`, with the cursor of the page after it. */
export function loadedPage(path: string, page: FeedPage, cursor: FeedCursor): LoadedPage {
  const rest = cursor.pages.slice(1)
  const list = page.older ?? cursor.list
  return { ...page, path, next: rest.length > 0 || list !== null ? { pages: rest, list } : null }
}

/** The data path of the page at `cursor`, and the cursor with the page list it needed read in. */
export async function pageAt(cursor: FeedCursor, signal?: AbortSignal): Promise<{ path: string; cursor: FeedCursor }> {
  let known = cursor
  if (known.pages.length === 0 && known.list !== null) {
    const list = await fetchData(known.list, PageListSchema, { signal })
    known = { pages: list.pages, list: list.next }
  }
  const path = known.pages[0]
  if (path === undefined) throw new DataError('invalid', cursor.list ?? '')
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
