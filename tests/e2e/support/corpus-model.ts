// What a reader should find in the archive, read straight from the corpus files (never from the build):
// each post's id, title, Beijing date, category, tags, summary, media, original link, body paragraphs and
// images; which posts cannot be published (no title or no date) and which intact twin stands for them;
// every category with its display name and every tag, newest first. Tests compare the pages with this.
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import type { AnyNode } from 'domhandler'
import { findAll, getAttributeValue, textContent } from 'domutils'
import { parseDocument } from 'htmlparser2'
import { parsePost } from './corpus.ts'

export interface CorpusImage {
  src: string
  /** As the post writes it (a K-line chart says `K图 NIO_0`; see shownAlt() in stock-corpus.ts). */
  alt: string
  /** Eastmoney's `data-code`, which marks a K-line chart: `K NIO|106|7`; null on other pictures. */
  dataCode: string | null
}

export interface CorpusArticle {
  /** The file name inside _posts/. */
  file: string
  /** The file name without the Jekyll date and `.md`: 202203092303329597, NW202203092303329597. */
  id: string
  title: string
  /** `2022-03-09 19:54:03`, Beijing time. */
  date: string
  /** `2022-03-09T19:54:03+08:00`, as a `<time datetime>` must hold it. */
  iso: string
  /** `2022-03-09 19:54 北京时间`, as an article page writes it. */
  shown: string
  /** `2022-03-09`, the Beijing calendar day. */
  day: string
  /** `19:54`. */
  time: string
  category: string
  tags: string[]
  /** The leading `> ` lines, without the marker. */
  summary: string | null
  /** The media named by `（文章来源：…）`, stock markup reduced to its words. */
  source: string | null
  /** The `<http…>` line. */
  sourceUrl: string | null
  /** The text of each body paragraph (summary, media line, original link and back links left out). */
  paragraphs: string[]
  /** The body's pictures in order. */
  images: CorpusImage[]
  /** The href of every link in the body (stock links, data pages…). */
  links: string[]
}

export interface CorpusCategory {
  slug: string
  /** The category page's title when it says more than the slug, else the category's commonest tag. */
  name: string
  /** Newest first. */
  articles: CorpusArticle[]
}

export interface CorpusTag {
  name: string
  /** Newest first. */
  articles: CorpusArticle[]
}

export interface RejectedPost {
  file: string
  id: string
  /** Why it cannot be published as it is. */
  reason: string
  /** The publishable post with the same id, if any. */
  twin: CorpusArticle | null
}

export interface CorpusModel {
  /** Every publishable article, one per id, newest first (ties: larger id first). */
  articles: CorpusArticle[]
  /**
   * The articles as lists spanning writers show them (the feed of all articles, home, stock pages): a story
   * both writers posted (`NW<n>` beside `<n>`, its twin) once, as the copy without NW.
   */
  stories: CorpusArticle[]
  /** Each twin's other copy, both ways. */
  twinOf: ReadonlyMap<string, CorpusArticle>
  byId: ReadonlyMap<string, CorpusArticle>
  rejected: RejectedPost[]
  categories: CorpusCategory[]
  categoryBySlug: ReadonlyMap<string, CorpusCategory>
  /** Most used first, then by name. */
  tags: CorpusTag[]
  tagByName: ReadonlyMap<string, CorpusTag>
}

const FRONT_MATTER = /^\uFEFF?---\r?\n[\s\S]*?\r?\n---\r?\n?/

/** The words of parsed nodes: comments dropped, white space collapsed. */
export function nodeText(nodes: AnyNode | AnyNode[]): string {
  return textContent(nodes).replace(/\s+/g, ' ').trim()
}

/** The words of an HTML fragment: tags dropped, entities decoded, white space collapsed. */
export function htmlText(html: string): string {
  return nodeText(parseDocument(html).children)
}

/** For comparing text across markup: no white space at all. */
export function squash(text: string): string {
  return text.replace(/\s+/g, '')
}

function idOf(file: string): string {
  return file.replace(/\.md$/, '').replace(/^\d{4}-\d{2}-\d{2}/, '').replace(/^-/, '')
}

function tagList(value: unknown): string[] {
  const list = Array.isArray(value) ? value : typeof value === 'string' ? [value] : []
  return [...new Set(list.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter((v) => v !== ''))]
}

function categoryOf(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim()
  if (Array.isArray(value) && typeof value[0] === 'string' && value[0].trim() !== '') return value[0].trim()
  return null
}

interface Body {
  summary: string | null
  source: string | null
  sourceUrl: string | null
  paragraphs: string[]
  images: CorpusImage[]
  links: string[]
}

export function readBody(text: string): Body {
  const lines = text.replace(FRONT_MATTER, '').split(/\r?\n/)
  const summaryLines: string[] = []
  let sourceUrl: string | null = null
  const rest: string[] = []
  let started = false
  for (const line of lines) {
    const trimmed = line.trim()
    if (!started && trimmed === '') continue
    if (!started && trimmed.startsWith('>')) {
      summaryLines.push(trimmed.replace(/^>\s?/, ''))
      continue
    }
    started = true
    const link = /^<(https?:\/\/[^>\s]+)>$/.exec(trimmed)
    if (link) {
      sourceUrl = link[1] ?? null
      continue
    }
    if (trimmed === '<>' || /^\[返回/.test(trimmed)) continue
    rest.push(line)
  }
  const html = rest.join('\n')
  const nodes = parseDocument(html).children
  const summary = summaryLines.length > 0 ? htmlText(summaryLines.join(' ')) : null
  const sourceMatch = /[（(]\s*文章来源\s*[:：]\s*(.*?)\s*[）)]/.exec(nodeText(nodes))
  const source = sourceMatch?.[1]?.trim() || null

  const images: CorpusImage[] = []
  for (const img of findAll((el) => el.name === 'img', nodes)) {
    const src = getAttributeValue(img, 'src')
    if (src) images.push({ src, alt: getAttributeValue(img, 'alt') ?? '', dataCode: getAttributeValue(img, 'data-code') ?? null })
  }

  const links: string[] = []
  for (const a of findAll((el) => el.name === 'a', nodes)) {
    const href = getAttributeValue(a, 'href')
    if (href) links.push(href)
  }

  const ps = findAll((el) => el.name === 'p', nodes)
  let paragraphs: string[]
  if (ps.length > 0) {
    paragraphs = ps.filter((p) => !/display\s*:\s*none/i.test(getAttributeValue(p, 'style') ?? '')).map((p) => nodeText(p.children))
  } else {
    // No paragraph markup: the blank lines of the Markdown source part the paragraphs.
    paragraphs = html.split(/\n\s*\n/).map(htmlText)
  }
  paragraphs = paragraphs.filter((p) => p !== '' && !/^[（(]\s*文章来源/.test(p))
  return { summary, source, sourceUrl, paragraphs, images, links }
}

/** Day of the week for a calendar date, as a feed's day heading names it. */
const WEEKDAYS = ['星期日', '星期一', '星期二', '星期三', '星期四', '星期五', '星期六'] as const

/** `2022年3月9日 星期三` for `2022-03-09`. */
export function dayHeading(day: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number]
  return `${y}年${m}月${d}日 ${WEEKDAYS[new Date(Date.UTC(y, m - 1, d)).getUTCDay()] ?? ''}`
}

function newestFirst(list: CorpusArticle[]): CorpusArticle[] {
  return [...list].sort((a, b) => b.date.localeCompare(a.date) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
}

/** The old site's category pages: slug → title. */
export async function categoryPageTitles(dir: string): Promise<Map<string, string>> {
  const titles = new Map<string, string>()
  let files: string[]
  try {
    files = (await readdir(dir)).filter((name) => /\.(html|md)$/.test(name)).sort()
  } catch {
    return titles
  }
  for (const file of files) {
    const { frontMatter, title } = parsePost(file, await readFile(path.join(dir, file), 'utf8'))
    const slug = categoryOf(frontMatter['category'])
    if (slug && title && !titles.has(slug)) titles.set(slug, title.trim())
  }
  return titles
}

const cache = new Map<string, Promise<CorpusModel>>()

/** The model of the corpus at `corpusDir` (with `_posts/` and maybe `category/`); read once per test file. */
export function corpusModel(corpusDir: string): Promise<CorpusModel> {
  let model = cache.get(corpusDir)
  if (!model) {
    model = readCorpusModel(path.join(corpusDir, '_posts'), path.join(corpusDir, 'category'))
    cache.set(corpusDir, model)
  }
  return model
}

export async function readCorpusModel(postsDir: string, categoryDir: string): Promise<CorpusModel> {
  const files = (await readdir(postsDir)).filter((name) => name.endsWith('.md')).sort()
  const valid: CorpusArticle[] = []
  const invalid: { file: string; id: string; reason: string }[] = []
  for (const file of files) {
    const text = await readFile(path.join(postsDir, file), 'utf8')
    const post = parsePost(file, text)
    const id = idOf(file)
    const category = categoryOf(post.frontMatter['categories']) ?? categoryOf(post.frontMatter['category'])
    if (post.title === null || post.date === null || category === null) {
      const reason = post.title === null ? 'no title' : post.date === null ? 'no date' : 'no category'
      invalid.push({ file, id, reason })
      continue
    }
    const [day = '', clock = ''] = post.date.split(' ')
    const body = readBody(text)
    valid.push({
      file,
      id,
      title: post.title.trim(),
      date: post.date,
      iso: `${day}T${clock}+08:00`,
      shown: `${day} ${clock.slice(0, 5)} 北京时间`,
      day,
      time: clock.slice(0, 5),
      category,
      tags: tagList(post.frontMatter['tags']),
      ...body,
    })
  }

  const byId = new Map<string, CorpusArticle>()
  for (const article of valid) {
    if (byId.has(article.id)) throw new Error(`corpus: two publishable posts have the id ${article.id}`)
    byId.set(article.id, article)
  }
  const articles = newestFirst(valid)
  const rejected = invalid.map((post) => ({ ...post, twin: byId.get(post.id) ?? null }))

  const pageTitles = await categoryPageTitles(categoryDir)
  const slugs = [...new Set(articles.map((a) => a.category))]
  const categories = slugs.map((slug): CorpusCategory => {
    const list = articles.filter((a) => a.category === slug)
    const tagCounts = new Map<string, number>()
    for (const a of list) for (const tag of a.tags) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1)
    const topTag = [...tagCounts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0]
    const page = pageTitles.get(slug)
    const pageSaysMore = page !== undefined && page.toLowerCase() !== slug.toLowerCase()
    return { slug, name: (pageSaysMore ? page : undefined) ?? topTag ?? page ?? slug, articles: list }
  })

  const tagNames = [...new Set(articles.flatMap((a) => a.tags))]
  const twinOf = new Map<string, CorpusArticle>()
  for (const a of articles) {
    const other = a.id.startsWith('NW') ? byId.get(a.id.slice(2)) : undefined
    if (other) {
      twinOf.set(a.id, other)
      twinOf.set(other.id, a)
    }
  }
  const tags = tagNames
    .map((name): CorpusTag => ({ name, articles: storiesOf(articles.filter((a) => a.tags.includes(name)), twinOf) }))
    .sort((a, b) => b.articles.length - a.articles.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))

  return {
    articles,
    stories: storiesOf(articles, twinOf),
    twinOf,
    byId,
    rejected,
    categories,
    categoryBySlug: new Map(categories.map((c) => [c.slug, c])),
    tags,
    tagByName: new Map(tags.map((t) => [t.name, t])),
  }
}

/** A list as it spans writers: a media copy (NW) whose twin is in the list too is left out. */
export function storiesOf(list: readonly CorpusArticle[], twinOf: ReadonlyMap<string, CorpusArticle>): CorpusArticle[] {
  const ids = new Set(list.map((a) => a.id))
  return list.filter((a) => !(a.id.startsWith('NW') && ids.has(twinOf.get(a.id)?.id ?? '')))
}

/** Neighbours in the category: the next newer and the next older article, as an article page links them. */
export function neighbours(model: CorpusModel, article: CorpusArticle): { newer: CorpusArticle | null; older: CorpusArticle | null } {
  const list = model.categoryBySlug.get(article.category)?.articles ?? []
  const i = list.findIndex((a) => a.id === article.id)
  return { newer: list[i - 1] ?? null, older: list[i + 1] ?? null }
}
