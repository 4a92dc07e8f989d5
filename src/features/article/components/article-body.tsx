// The only component that turns HTML into DOM. Bodies pass through DOMPurify with the allow-list in
// sanitize-config before they reach the page.
import { createContext, useContext, useEffect, useMemo, useRef } from 'react'
import DOMPurify from 'dompurify'
import { BODY_SANITIZE_CONFIG, configureBodySanitizer } from '../sanitize-config.ts'

// DOMPurify's own instance decides at import whether a DOM exists. Without one (a server) it is an
// inert stub with no hooks to add; with one, the hook touches nothing until a body is sanitized.
if (DOMPurify.isSupported) configureBodySanitizer(DOMPurify)

/**
 * The prerenderer's sanitizer: DOMPurify with the same configuration over a server-side DOM, so that the
 * HTML a page arrives with is what the browser's DOMPurify makes of the body, byte for byte.
 */
export const ServerSanitizer = createContext<((html: string) => string) | null>(null)

/** A picture that failed to load gives way to its alt text, or to nothing when it has none. */
function collapseImage(img: HTMLImageElement): void {
  const alt = img.getAttribute('alt')?.trim()
  if (alt) {
    const text = img.ownerDocument.createElement('span')
    text.className = 'article-body__alt'
    text.textContent = alt
    img.replaceWith(text)
  } else {
    img.remove()
  }
}

export function ArticleBody({ html }: { html: string }) {
  // Where DOMPurify cannot run (no DOM) and no server sanitizer is given the body stays empty: unsanitized
  // HTML never goes out, not even from a server. Once per body, not on every render of the article page.
  const serverSanitize = useContext(ServerSanitizer)
  const clean = useMemo(() => (DOMPurify.isSupported ? DOMPurify.sanitize(html, BODY_SANITIZE_CONFIG) : (serverSanitize?.(html) ?? '')), [html, serverSanitize])
  const ref = useRef<HTMLDivElement>(null)

  useEffect(() => {
    const root = ref.current
    if (!root) return undefined
    // `error` does not bubble, so listen in the capture phase; images that failed before this ran are
    // found by their state.
    const onError = (event: Event) => {
      if (event.target instanceof HTMLImageElement) collapseImage(event.target)
    }
    root.addEventListener('error', onError, true)
    for (const img of root.querySelectorAll('img')) {
      if (img.complete && img.naturalWidth === 0 && img.getAttribute('src')) collapseImage(img)
    }
    return () => root.removeEventListener('error', onError, true)
  }, [clean])

  return <div ref={ref} className="article-body" dangerouslySetInnerHTML={{ __html: clean }} />
}
