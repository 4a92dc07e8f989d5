// How a feed with a tag filter is read. The list is one feed filtered in the browser to the items that
// carry every chosen tag (and the route's own category or tag). Any of those feeds holds every match, so
// the smallest one is read: the fewest pages to fetch before the matches show.
import type { FeedItem, FeedRef, Manifest } from '../../../content/schema.ts'
import { TAG_PARAM } from '../../../content/routes.ts'

/** What the route itself narrows to: a category feed or a tag feed. */
export interface FeedScope {
  category?: string | undefined
  tag?: string | undefined
}

/** The chosen tags from the URL, without repeats, blanks or the route's own tag. */
export function chosenTags(search: URLSearchParams, scope: FeedScope): string[] {
  const tags = search.getAll(TAG_PARAM).filter((tag) => tag !== '' && tag !== scope.tag)
  return [...new Set(tags)]
}

/** The feed to read for this filter; null when a chosen tag does not exist, so nothing can match. */
export function pickBaseFeed(routeFeed: FeedRef, chosen: readonly string[], manifest: Manifest): FeedRef | null {
  let best = routeFeed
  for (const name of chosen) {
    const tag = manifest.tags.find((t) => t.name === name)
    if (!tag) return null
    if (tag.feed.count < best.count) best = tag.feed
  }
  return best
}

/**
 * `base` (read from `from`) in another manifest: the same tag's feed, or the route's own. Live news
 * follows the feed on screen even when another has since become the smallest.
 */
export function sameFeedIn(base: FeedRef | null, from: Manifest, routeFeed: FeedRef | null, to: Manifest): FeedRef | null {
  const tag = base && from.tags.find((t) => t.feed === base)
  return tag ? (to.tags.find((t) => t.name === tag.name)?.feed ?? null) : routeFeed
}

export function matchesFilter(item: FeedItem, scope: FeedScope, chosen: readonly string[]): boolean {
  if (scope.category !== undefined && item.category !== scope.category) return false
  if (scope.tag !== undefined && !item.tags.includes(scope.tag)) return false
  return chosen.every((tag) => item.tags.includes(tag))
}
