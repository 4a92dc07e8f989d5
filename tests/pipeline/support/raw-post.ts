// What a post file says, read by the tests on their own (the `yaml` library and plain text scans, not the
// pipeline's code), so expected values come from the input files rather than from the pipeline's output.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
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

/** Tags removed, the few entities the corpus uses decoded. */
export function stripTags(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
}

const CREDIT = /（文章来源[：:]([\s\S]*?)）/

/** The media named by the `（文章来源：…）` credit, markup reduced to text. */
export function creditLine(post: RawPost): string | null {
  const m = CREDIT.exec(post.body)
  const name = m?.[1] === undefined ? '' : stripTags(m[1]).trim()
  return name || null
}

/** The body without its summary line and without the paragraph that holds the media credit. */
export function bodyWithoutCredit(post: RawPost): string {
  return post.body
    .replace(/<p[^>]*>\s*（文章来源[\s\S]*?<\/p>/g, '')
    .split(/\r?\n/)
    .filter((line) => !line.startsWith('> '))
    .join('\n')
}

export interface MarkupMention {
  secid: string
  /** The first name the post writes for it; null when only charts show it. */
  name: string | null
  count: number
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>()
  for (const m of tag.matchAll(/([\w:-]+)\s*=\s*"([^"]*)"/g)) if (m[1] !== undefined && m[2] !== undefined) out.set(m[1].toLowerCase(), m[2])
  return out
}

/**
 * Eastmoney's security markup in the corpus's own shapes, in order of first appearance: name spans
 * (`span#stock_M.CODE`, `span#bk_…`, `span#Info.M.CODE`, each around one `a.keytip`), repeats
 * (`span.em_stock_key_common[data-code="M,CODE"]`) and K-line charts (one `img[data-code="K CODE|M|…"]` each).
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
  const TAG = /<(span|img)\b([^>]*)>/gi
  for (const m of html.matchAll(TAG)) {
    const tagName = (m[1] ?? '').toLowerCase()
    const attrs = attributes(m[2] ?? '')
    const after = html.slice((m.index ?? 0) + m[0].length)
    if (tagName === 'img') {
      const k = /^K\s+([A-Za-z0-9_]+)\|(\d+)\|/.exec(attrs.get('data-code') ?? '')
      if (k?.[1] && k[2]) note(`${k[2]}.${k[1]}`, null)
      continue
    }
    const id = /^(?:stock_|bk_|Info\.)(\d+\.[A-Za-z0-9_]+)$/.exec(attrs.get('id') ?? '')
    if (id?.[1]) {
      const inner = /^\s*<a\b[^>]*>([^<]*)<\/a>/.exec(after)
      note(id[1], inner?.[1]?.trim() || null)
      continue
    }
    if ((attrs.get('class') ?? '').split(/\s+/).includes('em_stock_key_common')) {
      const code = /^(\d+),([A-Za-z0-9_]+)$/.exec(attrs.get('data-code') ?? '')
      const text = /^([^<]*)<\/span>/.exec(after)
      if (code?.[1] && code[2]) note(`${code[1]}.${code[2]}`, text?.[1]?.trim() || null)
    }
  }
  return [...found.values()]
}

/** Every market number written in a text: data-code (`1,600519`, `NIO|106|7`), element ids and quote links. */
export function marketSecidsIn(text: string): { market: number; code: string }[] {
  const out: { market: number; code: string }[] = []
  const add = (market: string | undefined, code: string | undefined): void => {
    if (market !== undefined && code !== undefined) out.push({ market: Number(market), code })
  }
  for (const m of text.matchAll(/data-code2?="(?:K\s+)?(\d{1,3}),([A-Za-z0-9_]+)"/g)) add(m[1], m[2])
  for (const m of text.matchAll(/data-code2?="(?:K\s+)?([A-Za-z0-9_]+)\|(\d{1,3})\|/g)) add(m[2], m[1])
  for (const m of text.matchAll(/id="(?:stock_|bk_|quote_|bkquote_|Info\.)(\d{1,3})\.([A-Za-z0-9_]+)"/g)) add(m[1], m[2])
  for (const m of text.matchAll(/quote\.eastmoney\.com\/(?:unify\/)?r\/(\d{1,3})\.([A-Za-z0-9_]+)/g)) add(m[1], m[2])
  return out
}
