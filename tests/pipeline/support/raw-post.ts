// What a post file says, read by the tests on their own (the `yaml` library, htmlparser2 and plain text scans,
// not the pipeline's code), so expected values come from the input files rather than from the pipeline's output.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isTag, isText, type AnyNode, type Element } from 'domhandler'
import { findAll, textContent } from 'domutils'
import { parseDocument } from 'htmlparser2'
import { parse as parseYaml } from 'yaml'

export interface RawPost {
  file: string
  text: string
  /** Front matter with every scalar a string (YAML's failsafe schema); null when there is none or it is broken. */
  front: Record<string, unknown> | null
  /** Everything after the front matter. */
  body: string
}

const FRONT = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function readRawPost(dir: string, file: string): RawPost {
  const text = readFileSync(join(dir, file), 'utf8')
  const m = FRONT.exec(text)
  let front: Record<string, unknown> | null = null
  if (m?.[1] !== undefined) {
    try {
      const parsed: unknown = parseYaml(m[1], { schema: 'failsafe' })
      front = isRecord(parsed) ? parsed : null
    } catch {
      front = null
    }
  }
  return { file, text, front, body: m ? text.slice(m[0].length) : text }
}

/** Every file under a folder, as posix paths relative to it. */
export function listFilesDeep(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1).split('\\').join('/'))
    .sort()
}

export function frontText(post: RawPost, key: string): string {
  const value = post.front?.[key]
  return typeof value === 'string' ? value.trim() : ''
}

export function frontList(post: RawPost, key: string): string[] {
  const value = post.front?.[key]
  if (typeof value === 'string') return value.trim() ? [value.trim()] : []
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string').map((v) => v.trim())
  return []
}

/**
 * The Beijing ISO time a front-matter date of the corpus's two shapes stands for: `YYYY-MM-DD HH:MM:SS +0800`
 * or the same without offset (Beijing time, the old site's time zone). Null for any other shape.
 */
export function corpusDateToIso(raw: string): string | null {
  const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?: \+0800)?$/.exec(raw.trim())
  return m ? `${m[1]}T${m[2]}+08:00` : null
}

/** The `> ` summary line when it is the first thing in the body. */
export function summaryLine(post: RawPost): string | null {
  const first = post.body.split(/\r?\n/).find((line) => line.trim() !== '')
  return first?.startsWith('> ') ? first.slice(2).trim() : null
}

/** The `<http…>` line that names the original article. */
export function sourceUrlLine(post: RawPost): string | null {
  const line = post.body.split(/\r?\n/).find((l) => /^<https?:\/\/[^>\s]+>$/.test(l.trim()))
  return line ? line.trim().slice(1, -1) : null
}

/** Tags removed, entities decoded. */
export function stripTags(html: string): string {
  return textContent(parseDocument(html).children)
}

const CREDIT = /（文章来源[：:]([\s\S]*?)）/

/** The media named by the `（文章来源：…）` credit, markup reduced to text. */
export function creditLine(post: RawPost): string | null {
  const m = CREDIT.exec(stripTags(post.body))
  return m?.[1]?.trim() || null
}

/** Whether a paragraph opens with the media credit. */
function isCredit(el: Element): boolean {
  const first = el.children[0]
  return el.name === 'p' && first !== undefined && isText(first) && /^\s*（文章来源/.test(first.data)
}

/** The body without its summary line and without the paragraph that holds the media credit. */
export function bodyWithoutCredit(post: RawPost): string {
  const html = post.body
  let kept = ''
  let from = 0
  for (const p of findAll(isCredit, parseDocument(html, { withStartIndices: true, withEndIndices: true }).children)) {
    kept += html.slice(from, p.startIndex ?? from)
    from = (p.endIndex ?? html.length - 1) + 1
  }
  return (kept + html.slice(from))
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('> '))
    .join('\n')
}

function classes(el: Element): string[] {
  return (el.attribs['class'] ?? '').split(/\s+/)
}

/** The elements of the body without its credit and summary that pass `test`, in document order. */
function bodyElements(post: RawPost, test: (el: Element) => boolean): Element[] {
  return findAll(test, parseDocument(bodyWithoutCredit(post)).children)
}

/** The market and code of an Eastmoney quote page (`//quote.eastmoney.com/unify/r/M.CODE` or `/r/M.CODE`). */
const QUOTE_PAGE = /^(?:https?:)?\/\/quote\.eastmoney\.com\/(?:unify\/)?r\/(\d{1,3})\.([A-Za-z0-9_]+)$/

/** The `a.infokey` links of the body without its credit and summary that lead to data pages: href and words. */
export function infokeyLinks(post: RawPost): { href: string; words: string }[] {
  const isDataLink = (el: Element): boolean => el.name === 'a' && classes(el).includes('infokey') && !!el.attribs['href'] && !QUOTE_PAGE.test(el.attribs['href'])
  return bodyElements(post, isDataLink).map((a) => ({
    href: a.attribs['href'] ?? '',
    words: textContent(a),
  }))
}

/** The words of each plain `<p>` (one without attributes) of the body without its credit and summary, trimmed. */
export function plainParagraphs(post: RawPost): string[] {
  return bodyElements(post, (el) => el.name === 'p' && Object.keys(el.attribs).length === 0).map((p) => textContent(p).trim())
}

export interface MarkupMention {
  secid: string
  /** The first name the post writes for it; null when only charts show it. */
  name: string | null
  count: number
}

/** The words of a name span's link: its first child past white space, when that is an `<a>`. */
function linkWords(span: Element): string | null {
  const first = span.children.find((n) => !(isText(n) && n.data.trim() === ''))
  return first !== undefined && isTag(first) && first.name === 'a' ? textContent(first).trim() || null : null
}

/**
 * Eastmoney's security markup in the corpus's own shapes, in order of first appearance: name spans
 * (`span#stock_M.CODE`, `span#bk_…`, `span#Info.M.CODE`, each around one `a.keytip`), repeats
 * (`span.em_stock_key_common[data-code="M,CODE"]`), keyword links to a quote page
 * (`a.infokey[href="…/unify/r/M.CODE"]`) and K-line charts (one `img[data-code="K CODE|M|…"]` each).
 */
export function scanMarkup(html: string): MarkupMention[] {
  const found = new Map<string, MarkupMention>()
  const note = (secid: string, name: string | null): void => {
    const seen = found.get(secid)
    if (seen) {
      seen.count++
      seen.name ??= name
    } else found.set(secid, { secid, name, count: 1 })
  }
  for (const el of findAll((e) => e.name === 'span' || e.name === 'img' || e.name === 'a', parseDocument(html).children)) {
    const dataCode = el.attribs['data-code'] ?? ''
    if (el.name === 'a') {
      const quote = classes(el).includes('infokey') ? QUOTE_PAGE.exec(el.attribs['href'] ?? '') : null
      if (quote?.[1] && quote[2]) note(`${Number(quote[1])}.${quote[2]}`, textContent(el).trim() || null)
      continue
    }
    if (el.name === 'img') {
      const k = /^K\s+([A-Za-z0-9_]+)\|(\d+)\|/.exec(dataCode)
      if (k?.[1] && k[2]) note(`${k[2]}.${k[1]}`, null)
      continue
    }
    const id = /^(?:stock_|bk_|Info\.)(\d+\.[A-Za-z0-9_]+)$/.exec(el.attribs['id'] ?? '')
    if (id?.[1]) {
      note(id[1], linkWords(el))
      continue
    }
    if (classes(el).includes('em_stock_key_common')) {
      const code = /^(\d+),([A-Za-z0-9_]+)$/.exec(dataCode)
      if (code?.[1] && code[2]) note(`${code[1]}.${code[2]}`, textContent(el).trim() || null)
    }
  }
  return [...found.values()]
}

const QUOTE_LINK = /quote\.eastmoney\.com\/(?:unify\/)?r\/(\d{1,3})\.([A-Za-z0-9_]+)/g

/** Every market number written in a text: data-code (`1,600519`, `NIO|106|7`), element ids and quote links. */
export function marketSecidsIn(text: string): { market: number; code: string }[] {
  type Found = { market: number; code: string }[]
  const byComma: Found = []
  const byPipe: Found = []
  const byId: Found = []
  const byLink: Found = []
  const add = (list: Found, market: string | undefined, code: string | undefined): void => {
    if (market !== undefined && code !== undefined) list.push({ market: Number(market), code })
  }
  const links = (written: string): void => {
    for (const m of written.matchAll(QUOTE_LINK)) add(byLink, m[1], m[2])
  }
  const walk = (nodes: readonly AnyNode[]): void => {
    for (const node of nodes) {
      if (isText(node)) links(node.data)
      if (!isTag(node)) continue
      for (const [name, value] of Object.entries(node.attribs)) {
        if (name === 'data-code' || name === 'data-code2') {
          const comma = /^(?:K\s+)?(\d{1,3}),([A-Za-z0-9_]+)$/.exec(value)
          if (comma) add(byComma, comma[1], comma[2])
          const pipe = /^(?:K\s+)?([A-Za-z0-9_]+)\|(\d{1,3})\|/.exec(value)
          if (pipe) add(byPipe, pipe[2], pipe[1])
        }
        const id = name === 'id' ? /^(?:stock_|bk_|quote_|bkquote_|Info\.)(\d{1,3})\.([A-Za-z0-9_]+)$/.exec(value) : null
        if (id) add(byId, id[1], id[2])
        links(value)
      }
      walk(node.children)
    }
  }
  walk(parseDocument(text).children)
  // Grouped by kind, each in the order the text writes them.
  return [...byComma, ...byPipe, ...byId, ...byLink]
}
