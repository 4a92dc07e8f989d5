// The search route's code: loaded by the route, and earlier, as soon as the reader starts typing in the
// header's box, together with the index's root, so the box's pause (SEARCH_DEBOUNCE_MS) is spent fetching
// them rather than the first results waiting for them; as the pause runs out, the first page of results
// starts while the router draws the route.
import type { QueryClient } from '@tanstack/react-query'

export const loadSearchRoute = () => import('./search-route.tsx')

/** `search`: the /search query string the box is about to show, once its pause has run out. */
export function prepareSearch(client: QueryClient, search?: string): void {
  // A failure here is only a lost head start: the route asks again, and shows the error with a retry.
  loadSearchRoute().then(
    (route) => route.prepare(client, search),
    () => undefined,
  )
}
