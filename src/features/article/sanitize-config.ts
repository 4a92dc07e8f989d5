// How article bodies are sanitized, and the finishing touches on what survives. The pipeline already cleans
// bodies; this is the second, independent line: whatever a data file holds, only the allow-list of
// src/content/allow-list.ts (the one the pipeline writes by) reaches the page. ArticleBody is the one place
// that applies it.
import type { Config, DOMPurify, UponSanitizeAttributeHookEvent } from 'dompurify'
import { ALL_BODY_ATTRIBUTES, BODY_ELEMENTS, BODY_URL_SCHEMES, bodyAttributeValue, MENTION_ATTRIBUTE, NUMERIC_ATTRIBUTES } from '../../content/allow-list.ts'

const schemes = BODY_URL_SCHEMES.map((s) => s.slice(0, -1).replace(/[.+]/g, '\\$&')).join('|')

export const BODY_SANITIZE_CONFIG: Readonly<Config> = {
  ALLOWED_TAGS: [...BODY_ELEMENTS],
  ALLOWED_ATTR: [...ALL_BODY_ATTRIBUTES],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  // DOMPurify's own test for addresses; checkAttribute holds them to the allow-list's schemes too, since
  // DOMPurify would let a data: image through whatever this says.
  ALLOWED_URI_REGEXP: new RegExp(`^(?:${schemes}):\\/\\/`, 'i'),
  // DOMPurify holds every attribute that is not known to be URI-safe to the pattern above. These are not
  // URLs; checkAttribute checks their values instead (numbers, and a secid).
  ADD_URI_SAFE_ATTR: [...NUMERIC_ATTRIBUTES, MENTION_ATTRIBUTE],
}

/**
 * Holds each attribute to the allow-list for its own element (DOMPurify's list is one for all elements):
 * a width only on an image, a secid only on a link, a class only with the names the reader styles.
 * Attributes dropped here are dropped by DOMPurify, so they show in `purify.removed` like its own.
 */
function checkAttribute(node: Element, event: UponSanitizeAttributeHookEvent): void {
  const value = bodyAttributeValue(node.tagName.toLowerCase(), event.attrName, event.attrValue)
  if (value === null) event.keepAttr = false
  else event.attrValue = value
}

/**
 * What the reader adds to body elements on its own account, not the data's, in this order, after the data's
 * own attributes: every body link (with an address) leads out of the archive, so it opens beside the reader
 * and tells the other site nothing; image hosts often refuse hot-linking by referrer, so a picture sends
 * none, which keeps the picture and the reader's privacy. The prerenderer adds the same (server-sanitize.ts).
 */
const READER_ATTRIBUTES: Readonly<Record<'a' | 'img', readonly (readonly [string, string])[]>> = {
  a: [['target', '_blank'], ['rel', 'noopener noreferrer']],
  img: [['loading', 'lazy'], ['decoding', 'async'], ['referrerpolicy', 'no-referrer']],
}

/** The attributes the reader adds to an element (lower-case name) that carries `hasHref` or not. */
export function readerAttributes(name: string, hasHref: boolean): readonly (readonly [string, string])[] {
  if (name === 'a') return hasHref ? READER_ATTRIBUTES.a : []
  return name === 'img' ? READER_ATTRIBUTES.img : []
}

/** Runs after DOMPurify has kept only allowed attributes; what it adds here is ours, not the data's. */
function finishElement(node: Element): void {
  for (const [name, value] of readerAttributes(node.tagName.toLowerCase(), node.hasAttribute('href'))) node.setAttribute(name, value)
}

/** Adds the allow-list and finishing hooks to a DOMPurify instance; call once per instance. */
export function configureBodySanitizer(purify: DOMPurify): void {
  purify.addHook('uponSanitizeAttribute', checkAttribute)
  purify.addHook('afterSanitizeAttributes', finishElement)
}
