// The prerenderer's sanitizer without a DOM, for bodies in the form the pipeline writes them. DOMPurify
// needs a DOM, and on the server that is jsdom: about half of an article page's render (3.2 of 7.0 ms) and
// 0.6 s to load. A body the pipeline wrote already holds nothing but the allow-list, so DOMPurify
// would remove nothing from it and only add the reader's own attributes (READER_ATTRIBUTES). This module
// proves that of a body, by htmlparser2, and then makes DOMPurify's output itself; for any body it cannot
// prove it of it answers null, and the caller sanitizes with DOMPurify over jsdom as before. Used only by
// src/app/server.tsx: the browser always runs DOMPurify.
//
// What "proves" means here: the body parses, by htmlparser2, into a tree that serializes back to the very
// same text (so no tokenizer quirk: no comment, unquoted value, entity without its semicolon or stray end
// tag), whose every element and attribute the allow-list keeps unchanged, and which a browser's parser
// builds as written (no <p> closed by a block, no row without its table section, no link in a link, no
// text a table would move). A heading straight in a heading, which a browser closes, htmlparser2 closes
// too, so the text round trip already tells it. tests/app/features/article/server-sanitize.test.ts holds
// its output to DOMPurify's over jsdom, byte for byte, on the real corpus and on random trees.
import { Parser } from 'htmlparser2'
import { DomHandler, isTag, isText, type ChildNode, type Element } from 'domhandler'
import render from 'dom-serializer'
import { BODY_HTML_FORM, BODY_MAX_DEPTH, bodyAttributeValue, HTML_WHITE_SPACE, isBodyElement } from '../../content/allow-list.ts'
import { readerAttributes } from './sanitize-config.ts'

/** Elements that never close a <p> around them in a browser's parser. */
const PHRASING: ReadonlySet<string> = new Set(['br', 'strong', 'b', 'em', 'i', 'u', 's', 'del', 'ins', 'mark', 'sub', 'sup', 'small', 'code', 'img', 'a'])
/**
 * HTML's "special" elements among the allowed, but <div> and <p>: an <li>, <dt> or <dd> closes an open one
 * of its kind unless one of these stands between them.
 */
const ITEM_BOUNDARIES: ReadonlySet<string> = new Set(['blockquote', 'caption', 'dd', 'dl', 'dt', 'figcaption', 'figure', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ol', 'pre', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul'])
/** Where a link inside a link is kept as written: past a cell or caption's marker. */
const LINK_BOUNDARIES: ReadonlySet<string> = new Set(['td', 'th', 'caption'])

/** The only parents a browser's parser keeps a table's parts under: elsewhere it ignores them, or adds a <tbody>. */
const PARENTS: Readonly<Record<string, ReadonlySet<string>>> = {
  caption: new Set(['table']),
  thead: new Set(['table']),
  tbody: new Set(['table']),
  tfoot: new Set(['table']),
  tr: new Set(['thead', 'tbody', 'tfoot']),
  td: new Set(['tr']),
  th: new Set(['tr']),
}

/** The only children a browser keeps in place in these elements (besides white space). */
const CHILDREN: Readonly<Record<string, ReadonlySet<string>>> = {
  table: new Set(['caption', 'thead', 'tbody', 'tfoot']),
  thead: new Set(['tr']),
  tbody: new Set(['tr']),
  tfoot: new Set(['tr']),
  tr: new Set(['td', 'th']),
}

/** What is open around an element, as far as a browser's parser cares. */
interface Open {
  parent: Element | null
  depth: number
  /** A <p> is open: only phrasing keeps it open. */
  paragraph: boolean
  /** A link is open (past the last cell): another link would close it. */
  link: boolean
  /** An <li> is open with no boundary since: another <li> would close it. */
  listItem: boolean
  /** A <dt> or <dd> is open with no boundary since. */
  definition: boolean
}

/** Characters a browser's parser changes (CR to LF, NUL dropped): left to DOMPurify. */
const REWRITTEN = /[\r\0]/

function parse(html: string): ChildNode[] {
  const handler = new DomHandler()
  new Parser(handler, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true }).end(html)
  return handler.root.children
}

/** Whether a browser keeps this element where it is, and every attribute the allow-list keeps as it is. */
function isKeptAsWritten(el: Element, open: Open): boolean {
  const name = el.name
  if (!isBodyElement(name)) return false
  if ((open.paragraph && !PHRASING.has(name)) || (open.link && name === 'a')) return false
  if ((open.listItem && name === 'li') || (open.definition && (name === 'dt' || name === 'dd'))) return false
  const parents = PARENTS[name]
  if (parents && (open.parent === null || !parents.has(open.parent.name))) return false
  const children = CHILDREN[name]
  if (children && !el.children.every((c) => (isTag(c) ? children.has(c.name) : isText(c) && HTML_WHITE_SPACE.test(c.data)))) return false
  // The parser drops a newline that opens a <pre>.
  const first = el.children[0]
  if (name === 'pre' && first !== undefined && isText(first) && first.data.startsWith('\n')) return false
  for (const [attribute, value] of Object.entries(el.attribs)) {
    // DOMPurify trims values, and sets back any it changed: the order of the attributes would change.
    if (value !== value.trim() || REWRITTEN.test(value) || bodyAttributeValue(name, attribute, value) !== value) return false
  }
  return true
}

function isKept(nodes: readonly ChildNode[], open: Open): boolean {
  // Deeper bodies are left to DOMPurify: the pipeline writes none, and the walks recurse.
  if (open.depth > BODY_MAX_DEPTH) return false
  for (const node of nodes) {
    if (isText(node)) {
      if (REWRITTEN.test(node.data)) return false
    } else if (isTag(node)) {
      if (!isKeptAsWritten(node, open)) return false
      const name = node.name
      const boundary = ITEM_BOUNDARIES.has(name)
      const inside: Open = {
        parent: node,
        depth: open.depth + 1,
        paragraph: open.paragraph || name === 'p',
        link: name === 'a' || (open.link && !LINK_BOUNDARIES.has(name)),
        listItem: name === 'li' || (open.listItem && !boundary),
        definition: name === 'dt' || name === 'dd' || (open.definition && !boundary),
      }
      if (!isKept(node.children, inside)) return false
    } else {
      return false // a comment, CDATA or a directive
    }
  }
  return true
}

function addReaderAttributes(nodes: readonly ChildNode[]): void {
  for (const node of nodes) {
    if (!isTag(node)) continue
    for (const [name, value] of readerAttributes(node.name, node.attribs.href !== undefined)) node.attribs[name] = value
    addReaderAttributes(node.children)
  }
}

/**
 * What DOMPurify with the reader's configuration makes of `html`, when that can be known without a DOM: the
 * body is in the pipeline's form and DOMPurify would remove nothing. Otherwise null.
 */
export function sanitizeWithoutDom(html: string): string | null {
  const nodes = parse(html)
  if (!isKept(nodes, { parent: null, depth: 0, paragraph: false, link: false, listItem: false, definition: false }) || render(nodes, BODY_HTML_FORM) !== html) return null
  addReaderAttributes(nodes)
  // As a browser writes it back: an empty value as ="" (the pipeline's form writes the bare name).
  return render(nodes, { ...BODY_HTML_FORM, emptyAttrs: true })
}
