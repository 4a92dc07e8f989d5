// A route's document title and description, through React 19's own hoisting into <head>: nothing touches
// `document`, so the same markup works when a page is prerendered.
export const SITE_NAME = '金融消息'

interface DocumentTitleProps {
  /** The page's own name; the site name follows it. Omitted on the home page. */
  title?: string | undefined
  description?: string | undefined
}

export function DocumentTitle({ title, description }: DocumentTitleProps) {
  return (
    <>
      <title>{title ? `${title} · ${SITE_NAME}` : SITE_NAME}</title>
      {description ? <meta name="description" content={description} /> : null}
    </>
  )
}
