// The one route registry: every in-app link is built here, so a path is spelled once. Segments are
// URL-encoded because category slugs carry spaces and brackets and tags are Chinese. It lives in lib, not
// app, because features link to routes and the import boundaries forbid features importing app.

export const routePatterns = {
  home: '/',
  category: '/c/:category',
  tag: '/t/:tag',
  article: '/a/:id',
  stock: '/s/:secid',
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
} as const

/** Article ids are Eastmoney's 18-digit numbers or media ids like NW202203091234567890. */
const ARTICLE_ID = /^[A-Za-z0-9_-]{1,64}$/

// Route parameters are checked, never cast: the router hands them over URL-decoded, and anything missing,
// blank or malformed comes back as null, which the route turns into its not-found page.

export function textParam(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value
}

export function articleIdParam(value: string | undefined): string | null {
  return value !== undefined && ARTICLE_ID.test(value) ? value : null
}
