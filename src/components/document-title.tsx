// A route's document title, description and Atom feed, through React 19's own hoisting into <head>:
// nothing touches `document`, so the same markup works when a page is prerendered.
import { SITE_NAME } from '../content/site-paths.ts'
import { siteFileUrl } from '../lib/data-url.ts'

export { SITE_NAME }

interface DocumentTitleProps {
  /** The page's own name; the site name follows it. Omitted on the home page. */
  title?: string | undefined
  description?: string | undefined
  /** The Atom feed of what the page lists (a path from content/site-paths), for feed readers to find. */
  feed?: { title: string; path: string } | undefined
}

export function DocumentTitle({ title, description, feed }: DocumentTitleProps) {
  return (
    <>
      <title>{title ? `${title} · ${SITE_NAME}` : SITE_NAME}</title>
      {description ? <meta name="description" content={description} /> : null}
      {feed ? <link rel="alternate" type="application/atom+xml" title={feed.title} href={siteFileUrl(feed.path)} /> : null}
    </>
  )
}
