// The reader's addresses, relative to the site's base path. The app routes and links with them; the
// pipeline writes them into Atom feeds and the sitemap. Segments are URL-encoded because category slugs
// carry spaces and brackets and tags are Chinese.

/** The router's patterns for those addresses. */
export const routePatterns = {
  home: '/',
  category: '/c/:category',
  tag: '/t/:tag',
  article: '/a/:id',
  stock: '/s/:secid',
  search: '/search',
  saved: '/saved',
  watchlist: '/watchlist',
  settings: '/settings',
} as const

/** The query parameter a feed's tag filter is kept in: `?tag=A&tag=B`. */
export const TAG_PARAM = 'tag'

function withTags(path: string, tags: readonly string[]): string {
  if (tags.length === 0) return path
  const search = new URLSearchParams(tags.map((tag) => [TAG_PARAM, tag]))
  return `${path}?${search.toString()}`
}

export const paths = {
  home: () => '/',
  category: (slug: string, tags: readonly string[] = []) => withTags(`/c/${encodeURIComponent(slug)}`, tags),
  tag: (name: string, tags: readonly string[] = []) => withTags(`/t/${encodeURIComponent(name)}`, tags),
  article: (id: string) => `/a/${encodeURIComponent(id)}`,
  stock: (secid: string) => `/s/${encodeURIComponent(secid)}`,
  /** The search page; its query and filters are in the query string (src/features/search/search-params.ts). */
  search: () => '/search',
  saved: () => '/saved',
  watchlist: () => '/watchlist',
  settings: () => '/settings',
} as const
