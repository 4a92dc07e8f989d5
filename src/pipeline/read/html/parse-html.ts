// Parses a post's HTML into a DOM no deeper than MAX_DEPTH, so that every walk over it (the cleaner's, and
// domutils' and dom-serializer's, which recurse) stays far from the call-stack limit whatever the post.
// Markup nested past that depth, which no real article has (the real archive's deepest is 4 levels), is
// unwrapped into its ancestor at MAX_DEPTH: its text and pictures stay, in order; what a reader never sees
// goes with its content, as the cleaner would drop it.
import { Parser } from 'htmlparser2'
import { DomHandler, type Document } from 'domhandler'
import { BODY_MAX_DEPTH } from '../../../content/allow-list.ts'
import { isUnseen } from './clean-body.ts'

/** Nesting kept as written (the contract's BODY_MAX_DEPTH). */
export const MAX_DEPTH = BODY_MAX_DEPTH

/** Elements without content kept even past MAX_DEPTH: they cannot nest deeper, and the reader sees them. */
const LEAVES = new Set(['img', 'br', 'hr'])

/**
 * Levels an element takes of MAX_DEPTH: a table two, for the <tbody> the cleaner may put around its rows
 * (clean-body.ts), so that a body stays within MAX_DEPTH once cleaned.
 */
function levels(name: string): number {
  return name === 'table' ? 2 : 1
}

/**
 * What became of an element the parser opened: built as an element of the DOM; past MAX_DEPTH and
 * unwrapped (its content goes to the nearest built ancestor); or dropped with its content, being past
 * MAX_DEPTH and never seen by a reader, or inside such an element.
 */
type Open = 'built' | 'unwrapped' | 'dropped'

/**
 * DomHandler that builds elements only down to MAX_DEPTH. (htmlparser2's parser still keeps the name of
 * every open element, with Array.unshift: no recursion, but its time grows with the square of the depth,
 * about a second at 50,000 levels.)
 */
class DepthCappedHandler extends DomHandler {
  /** One entry per element the parser has open, innermost last (the parser closes every element it opens). */
  readonly #open: Open[] = []
  /** The levels of each built element that is open, innermost last. */
  readonly #levels: number[] = []
  #built = 0
  #dropped = 0

  override onopentag(name: string, attribs: Record<string, string>): void {
    if (this.#dropped > 0) {
      this.#open.push('dropped')
      this.#dropped++
    } else if (this.#built + levels(name) <= MAX_DEPTH || LEAVES.has(name)) {
      this.#open.push('built')
      this.#levels.push(levels(name))
      this.#built += levels(name)
      super.onopentag(name, attribs)
    } else if (isUnseen(name, attribs)) {
      this.#open.push('dropped')
      this.#dropped++
    } else {
      this.#open.push('unwrapped')
    }
  }

  override onclosetag(): void {
    const open = this.#open.pop()
    if (open === 'built') {
      this.#built -= this.#levels.pop() ?? 1
      super.onclosetag()
    } else if (open === 'dropped') {
      this.#dropped--
    }
  }

  override ontext(data: string): void {
    if (this.#dropped === 0) super.ontext(data)
  }

  override oncomment(data: string): void {
    if (this.#dropped === 0) super.oncomment(data)
  }

  override oncommentend(): void {
    if (this.#dropped === 0) super.oncommentend()
  }

  override oncdatastart(): void {
    if (this.#dropped === 0) super.oncdatastart()
  }

  override oncdataend(): void {
    if (this.#dropped === 0) super.oncdataend()
  }

  override onprocessinginstruction(name: string, data: string): void {
    if (this.#dropped === 0) super.onprocessinginstruction(name, data)
  }
}

export function parseHtml(html: string): Document {
  const handler = new DepthCappedHandler()
  new Parser(handler, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).end(html)
  return handler.root
}
