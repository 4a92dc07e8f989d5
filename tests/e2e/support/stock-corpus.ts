// Which articles of the real corpus mention a security, and what they call it, read from the post files
// themselves (never from the build): a post mentions `<market>.<code>` when its body links the quote page
// or marks the security with Eastmoney's data-code / element ids. The media line (（文章来源：上海证券报）)
// is left out: its keyword links name the newspaper, not a security the story is about, and the reader
// drops that line. From the names follows the alt text the reader gives K-line charts (shownAlt).
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { Element } from 'domhandler'
import { existsOne, findAll } from 'domutils'
import { parseDocument } from 'htmlparser2'
import { nodeText, storiesOf, type CorpusArticle, type CorpusImage, type CorpusModel } from './corpus-model.ts'

const FRONT_MATTER = /^\uFEFF?---\r?\n[\s\S]*?\r?\n---\r?\n?/

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function isMediaLine(el: Element): boolean {
  return el.name === 'p' && (el.attribs['class'] ?? '').split(/\s+/).includes('em_media')
}

/** The elements of an HTML text in document order, those of the media line (`p.em_media`) left out. */
function bodyElements(html: string): Element[] {
  const nodes = parseDocument(html).children
  const media = new Set(findAll(isMediaLine, nodes).flatMap((p) => [p, ...findAll(() => true, p.children)]))
  return findAll((el) => !media.has(el), nodes)
}

/** Whether the post text (front matter and media line left out) mentions `secid`. */
export function postMentions(text: string, secid: string): boolean {
  const [market = '', code = ''] = secid.split('.')
  const quotePage = new RegExp(`quote\\.eastmoney\\.com/(?:unify/)?r/${escape(market)}\\.${escape(code)}(?![A-Za-z0-9_])`)
  const chart = new RegExp(`^(?:K\\s+)?${escape(code)}\\|${escape(market)}\\|`)
  return bodyElements(text.replace(FRONT_MATTER, '')).some((el) => {
    const dataCode = el.attribs['data-code']
    const id = el.attribs['id']
    return (
      Object.values(el.attribs).some((value) => quotePage.test(value)) ||
      dataCode === `${market},${code}` ||
      (dataCode !== undefined && chart.test(dataCode)) ||
      id === `stock_${market}.${code}` ||
      id === `bk_${market}.${code}`
    )
  })
}

/**
 * The corpus's publishable articles that mention `secid`, newest first (as the model orders them), a story
 * both writers posted once (as a stock page lists it).
 */
export async function articlesMentioning(model: CorpusModel, postsDir: string, secid: string): Promise<CorpusArticle[]> {
  const found: CorpusArticle[] = []
  for (const article of model.articles) {
    if (postMentions(await readFile(path.join(postsDir, article.file), 'utf8'), secid)) found.push(article)
  }
  return storiesOf(found, model.twinOf)
}

/** The secid a K-line chart stands for, from its `data-code` (`K NIO|106|7` → 106.NIO); null for other pictures. */
export function chartSecid(dataCode: string | null): string | null {
  const m = /^K\s+([A-Za-z0-9_]+)\|(\d{1,3})(?:\||$)/.exec(dataCode?.trim() ?? '')
  return m ? `${m[2]}.${m[1]}` : null
}

/** The `> ` summary lines at the top of a post: lifted as plain text, their markup is not the body's. */
const SUMMARY = /^(?:\s*\r?\n)*(?:>.*\r?\n)+/

/**
 * The name the post writes for `secid`: the words of its first mention in the text (a marked link or
 * span with words in it, not the chart's picture), or null when it never names it in words.
 */
export function writtenName(text: string, secid: string): string | null {
  const [market = '', code = ''] = secid.split('.')
  const quotePage = new RegExp(`quote\\.eastmoney\\.com/(?:unify/)?r/${escape(market)}\\.${escape(code)}$`)
  const ids = [`stock_${market}.${code}`, `bk_${market}.${code}`, `Info.${market}.${code}`]
  const marks = (el: Element): boolean =>
    el.attribs['data-code'] === `${market},${code}` || ids.includes(el.attribs['id'] ?? '') || quotePage.test(el.attribs['href'] ?? '')
  const body = text.replace(FRONT_MATTER, '').replace(SUMMARY, '')
  for (const el of bodyElements(body)) {
    if ((el.name !== 'a' && el.name !== 'span') || !marks(el) || existsOne((e) => e.name === 'img', el.children)) continue
    const words = nodeText(el.children)
    if (words !== '') return words
  }
  return null
}

/**
 * The alt text the reader gives a picture of the post `text`: its own, except on a K-line chart, which
 * says what it shows with the name the article writes for the security (蔚来（NIO）K线图), or with the
 * code alone when the article never names it (600519 K线图).
 */
export function shownAlt(image: CorpusImage, text: string): string {
  const secid = chartSecid(image.dataCode)
  if (secid === null) return image.alt
  const code = secid.slice(secid.indexOf('.') + 1)
  const name = writtenName(text, secid)
  return name !== null && name !== code ? `${name}（${code}）K线图` : `${code} K线图`
}
