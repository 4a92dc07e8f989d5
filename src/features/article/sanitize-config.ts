// The allow-list article bodies are sanitized with, and the finishing touches on what survives. The
// pipeline already cleans bodies; this is the second, independent line: whatever a data file holds, only
// these elements and attributes reach the page. ArticleBody is the one place that applies it.
import type { Config, DOMPurify } from 'dompurify'
import { isSecid } from '../../content/secid.ts'

export const BODY_SANITIZE_CONFIG: Readonly<Config> = {
  ALLOWED_TAGS: [
    'p', 'br', 'hr', 'div', 'span',
    'h2', 'h3', 'h4', 'h5', 'h6',
    'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'mark', 'sub', 'sup', 'small', 'code', 'pre',
    'blockquote', 'q', 'cite',
    'ul', 'ol', 'li', 'dl', 'dt', 'dd',
    'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
    'figure', 'figcaption', 'img', 'a',
  ],
  // No style, class, id or event handler: the reader styles bodies itself, and ids could clash with its own.
  ALLOWED_ATTR: ['href', 'src', 'alt', 'title', 'width', 'height', 'colspan', 'rowspan', 'data-secid'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // Links and images must point at the web: no javascript:, data: links, mailto: or relative paths.
  ALLOWED_URI_REGEXP: /^(?:https?:)?\/\//i,
  // DOMPurify holds every attribute that is not known to be URI-safe to the pattern above. These are not
  // URLs; finishElement checks their values instead (numbers, and a secid).
  ADD_URI_SAFE_ATTR: ['width', 'height', 'colspan', 'rowspan', 'data-secid'],
}

const DIMENSION = /^\d{1,5}$/

/** Runs after DOMPurify has kept only allowed attributes; what it adds here is ours, not the data's. */
function finishElement(node: Element): void {
  for (const name of ['width', 'height', 'colspan', 'rowspan']) {
    const value = node.getAttribute(name)
    if (value !== null && !DIMENSION.test(value)) node.removeAttribute(name)
  }
  const secid = node.getAttribute('data-secid')
  if (secid !== null && (node.tagName !== 'A' || !isSecid(secid))) node.removeAttribute('data-secid')

  if (node.tagName === 'A' && node.hasAttribute('href')) {
    // Every body link leads out of the archive: open it beside the reader, and tell the other site nothing.
    node.setAttribute('target', '_blank')
    node.setAttribute('rel', 'noopener noreferrer')
  } else if (node.tagName === 'IMG') {
    node.setAttribute('loading', 'lazy')
    node.setAttribute('decoding', 'async')
    // Image hosts often refuse hot-linking by referrer; sending none keeps the picture and the reader's privacy.
    node.setAttribute('referrerpolicy', 'no-referrer')
  }
}

/** Adds the finishing hook to a DOMPurify instance; call once per instance. */
export function configureBodySanitizer(purify: DOMPurify): void {
  purify.addHook('afterSanitizeAttributes', finishElement)
}
