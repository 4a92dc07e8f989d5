// One post file in, one article (or a reasoned rejection) out. Pure: no file system, so the hosts that
// parse posts (worker threads or this one) and the tests call the same function.
import { createHash } from 'node:crypto'
import MarkdownIt from 'markdown-it'
import type { ArticleFlag, Image, Mention } from '../../content/schema.ts'
import { toBeijingIso } from './dates.ts'
import { fieldList, fieldText, readFrontMatter } from './front-matter.ts'
import { cleanNodes, cleanText, nameCharts, tidyTopLevel, type CleanContext } from './html/clean-body.ts'
import { readableText, renderHtml } from './html/dom.ts'
import { liftParts } from './html/lift.ts'
import { MentionTally } from './html/mentions.ts'
import { parseHtml } from './html/parse-html.ts'
import { isPostFile, readPostFileName } from './post-file.ts'

export interface ParsedPost {
  /** Path relative to the _posts/ folder. */
  file: string
  inputHash: string
  id: string
  title: string
  flags: ArticleFlag[]
  date: string | null
  category: string
  tags: string[]
  summary: string | null
  source: string | null
  sourceUrl: string | null
  bodyHtml: string
  mentions: Mention[]
  images: Image[]
  textLength: number
  /** The summary, else the body's first sentence (see leadSentence); null without text. */
  description: string | null
  /** Why the post is only salvaged; empty for a post read in full. */
  reasons: string[]
}

export type PostOutcome =
  | { status: 'ok'; post: ParsedPost }
  | { status: 'rejected'; file: string; inputHash: string; reasons: string[] }

const UNCATEGORIZED = 'uncategorized'

const markdown = new MarkdownIt({ html: true, linkify: false, typographer: false })

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 20)
}

/** The first sentence of a text, short enough for a headline. */
export function firstSentence(text: string): string {
  const end = text.search(/[。！？!?；;]/)
  let sentence = (end >= 0 ? text.slice(0, end) : text).trim()
  if (sentence.length > 60) sentence = `${sentence.slice(0, 58)}…`
  return sentence
}

/** Longest description: a sentence of news, short enough for a search result. */
const DESCRIPTION_MAX = 120

/** The first sentence of a text, with its full stop, for a description; null when there is no text. */
export function leadSentence(text: string): string | null {
  if (text === '') return null
  const end = text.search(/[。！？!?]/)
  const sentence = end === -1 ? text : text.slice(0, end + 1)
  return sentence.length > DESCRIPTION_MAX ? `${sentence.slice(0, DESCRIPTION_MAX - 1)}…` : sentence
}

export function parsePost(file: string, text: string): PostOutcome {
  const inputHash = hashText(text)
  const reject = (...reasons: string[]): PostOutcome => ({ status: 'rejected', file, inputHash, reasons })
  if (!isPostFile(file)) return reject('not a post: Jekyll reads only .md, .markdown and .html files in _posts/')

  const front = readFrontMatter(text)
  if (!front.ok) return reject(front.reason)
  const data = front.data
  if (fieldText(data.published) === 'false') return reject('published: false in the front matter, so the old site did not show it either')

  const name = readPostFileName(file)
  const reasons: string[] = []
  const flags: ArticleFlag[] = []
  if (name.reason !== null) reasons.push(name.reason)

  // Date: the front matter's, else the file name's, else none.
  const rawDate = fieldText(data.date)
  let date = rawDate ? toBeijingIso(rawDate) : null
  if (!date) {
    const fromName = name.date ? toBeijingIso(`${name.date} 00:00:00`) : null
    const what = rawDate ? `date "${rawDate}" is not a date` : 'no date in the front matter'
    if (fromName) {
      date = fromName
      flags.push('date-from-filename')
      reasons.push(`${what}: used the file name's date ${name.date ?? ''}`)
    } else {
      flags.push('date-missing')
      reasons.push(`${what}, and the file name has none: shown without a date`)
    }
  }

  let category = fieldText(data.categories) || fieldText(data.category)
  if (!category) {
    category = UNCATEGORIZED
    reasons.push('no category in the front matter: filed under "uncategorized"')
  }
  const tags = [...new Set(fieldList(data.tags))]

  // Body: markdown (raw HTML enabled) → DOM (nesting capped, see parse-html.ts) → lift summary, source and
  // links → allow-list clean.
  const doc = parseHtml(markdown.render(front.content))
  const lifted = liftParts(doc)
  const summary = lifted.summary ? cleanText([lifted.summary]) || null : null
  const ctx: CleanContext = { mentions: new MentionTally(), images: [], charts: [] }
  const body = tidyTopLevel(cleanNodes(lifted.body, ctx))
  nameCharts(ctx)
  const bodyHtml = renderHtml(body)
  const bodyText = readableText(body)

  if (!bodyText && !summary && ctx.images.length === 0) return reject('no text: the post has neither a summary nor a body')

  // A title is text: markup in it (rare, sometimes hostile) is read the way a browser would show it.
  const rawTitle = fieldText(data.title)
  let title = /[<&]/.test(rawTitle) ? cleanText(parseHtml(rawTitle).children) : rawTitle.replace(/\s+/g, ' ')
  if (!title) {
    const fromSummary = summary ? firstSentence(summary) : ''
    const fromBody = fromSummary ? '' : firstSentence(bodyText)
    if (!fromSummary && !fromBody) return reject('empty title, and no text to take one from')
    title = fromSummary || fromBody
    flags.push(fromSummary ? 'title-from-summary' : 'title-from-body')
    reasons.push(`empty title: used the first sentence of the ${fromSummary ? 'summary' : 'body'}`)
  }

  return {
    status: 'ok',
    post: {
      file,
      inputHash,
      id: name.id,
      title,
      flags,
      date,
      category,
      tags,
      summary,
      source: lifted.source,
      sourceUrl: lifted.sourceUrl,
      bodyHtml,
      mentions: ctx.mentions.list(),
      images: ctx.images,
      textLength: bodyText.replace(/\s/g, '').length,
      description: summary ?? leadSentence(bodyText),
      reasons,
    },
  }
}
