// The HTML an article body may hold, in one place. The pipeline's cleaner writes nothing else, and the
// reader's DOMPurify configuration lets nothing else through, so the two can never disagree about what a
// reader sees (a class or a link the data carries but the page strips, or the reverse).
import { isSecid } from './secid.ts'

/** Elements a body keeps. Everything else is dropped with its content or unwrapped to its content. */
export const BODY_ELEMENTS = [
  'p', 'br', 'hr', 'div',
  'h2', 'h3', 'h4', 'h5', 'h6',
  'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'mark', 'sub', 'sup', 'small', 'code', 'pre',
  'blockquote',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td',
  'figure', 'figcaption', 'img', 'a',
] as const

export type BodyElement = (typeof BODY_ELEMENTS)[number]

/** Marks a link as a mention of the security it names (a secid such as 1.603138). */
export const MENTION_ATTRIBUTE = 'data-secid'

/**
 * The attributes each element may carry, besides `class`. No style, id or event handler: the reader styles
 * bodies itself, and ids could clash with its own.
 */
export const BODY_ATTRIBUTES: Readonly<Partial<Record<BodyElement, readonly string[]>>> = {
  a: ['href', 'title', MENTION_ATTRIBUTE],
  img: ['src', 'alt', 'width', 'height'],
  td: ['colspan', 'rowspan'],
  th: ['colspan', 'rowspan'],
  ol: ['start'],
}

/**
 * Text the source centred, as `<center>` or `text-align: center`: in the real archive, pictures, K-line
 * charts and the credit line under a picture (图片来源：…). The reader's stylesheet centres it.
 */
export const CENTER_CLASS = 'center'

/** The only classes a body may use, on any of its elements; each is one the reader's stylesheet styles. */
export const BODY_CLASSES: readonly string[] = [CENTER_CLASS]

/** Attributes whose value is a whole number (pixels, cells, a list's first number). */
export const NUMERIC_ATTRIBUTES: readonly string[] = ['width', 'height', 'colspan', 'rowspan', 'start']
export const NUMERIC_VALUE = /^\d{1,5}$/

/** Attributes that hold an address. */
export const URL_ATTRIBUTES: readonly string[] = ['href', 'src']

/**
 * Every link and image points at the web, absolutely: no javascript:, data: or mailto: (the real archive
 * has none; an address written in the text still reads), and no relative paths into the old site.
 */
export const BODY_URL_SCHEMES: readonly string[] = ['http:', 'https:']

/**
 * The form a body is written in (dom-serializer's options): UTF-8 text, so Chinese stays readable, with only
 * what HTML needs escaped (`&`, `<`, `>`, U+00A0 in text; `&`, `"`, U+00A0 in values), as a browser writes it.
 */
export const BODY_HTML_FORM = { encodeEntities: 'utf8', decodeEntities: true } as const

/**
 * How deep a body's markup nests at most: deep enough for any real article (the real archive's deepest is 4
 * levels), shallow enough that every walk over it, which recurses, stays far from the call-stack limit.
 */
export const BODY_MAX_DEPTH = 64

/** Text that is only white space as HTML's parser counts it (not U+00A0): what a table keeps where it stands. */
export const HTML_WHITE_SPACE = /^[\t\n\f ]*$/

/** Every attribute name some body element may carry. */
export const ALL_BODY_ATTRIBUTES: readonly string[] = [...new Set([...Object.values(BODY_ATTRIBUTES).flat(), 'class'])]

const ELEMENT_SET: ReadonlySet<string> = new Set(BODY_ELEMENTS)

/**
 * Text that could end a comment or CDATA section or a raw-text element if a value were ever re-parsed:
 * DOMPurify drops such values (SAFE_FOR_XML, against mutation XSS), so the pipeline does not write them.
 */
const MARKUP_IN_VALUE = /((--!?|])>)|<\/(style|script|title|xmp|textarea|noscript|iframe|noembed|noframes)/i

export function isBodyElement(name: string): name is BodyElement {
  return ELEMENT_SET.has(name)
}

/** An absolute address with an allowed scheme, written as it would be kept. */
export function isBodyUrl(value: string): boolean {
  const scheme = /^([a-z][a-z0-9+.-]*:)\/\//i.exec(value)
  return scheme?.[1] !== undefined && BODY_URL_SCHEMES.includes(scheme[1].toLowerCase())
}

/**
 * The value an attribute keeps on a body element (lower-case names), or null when the attribute must go:
 * not allowed on that element, or a value of the wrong shape. A class keeps only its allowed names.
 */
export function bodyAttributeValue(element: string, name: string, value: string): string | null {
  if (!isBodyElement(element) || MARKUP_IN_VALUE.test(value)) return null
  if (name === 'class') {
    const kept = value.split(/\s+/).filter((c) => BODY_CLASSES.includes(c))
    return kept.length > 0 ? [...new Set(kept)].join(' ') : null
  }
  if (!(BODY_ATTRIBUTES[element] ?? []).includes(name)) return null
  if (NUMERIC_ATTRIBUTES.includes(name)) return NUMERIC_VALUE.test(value) ? value : null
  if (URL_ATTRIBUTES.includes(name)) return isBodyUrl(value) ? value : null
  if (name === MENTION_ATTRIBUTE) return isSecid(value) ? value : null
  return value
}
