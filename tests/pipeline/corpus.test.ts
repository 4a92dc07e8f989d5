// The whole real corpus through the pipeline: no post lost, and every article says what its file says.
// Expected values come from the post files themselves (read by support/raw-post.ts) or from the issue.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { parseDocument } from 'htmlparser2'
import { isTag, isText, type AnyNode, type Element } from 'domhandler'
import { quoteUrl } from '../../src/content/secid.ts'
import type { Article } from '../../src/content/schema.ts'
import type { ContentResult } from '../../src/pipeline/build-content.ts'
import { CORPUS_CATEGORIES, CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { build, DataFolder, removeTempDirs, tempDir } from './support/data-folder.ts'
import {
  bodyWithoutCredit,
  corpusDateToIso,
  creditLine,
  frontList,
  frontText,
  infokeyLinks,
  listFilesDeep,
  plainParagraphs,
  readRawPost,
  scanMarkup,
  sourceUrlLine,
  summaryLine,
  type RawPost,
} from './support/raw-post.ts'

const NIO_POST = '2022-05-26-202205262391921712.md'
const BROKEN_TWIN = '-202205262391921712.md'

function elements(nodes: readonly AnyNode[]): Element[] {
  const out: Element[] = []
  for (const n of nodes) {
    if (isTag(n)) out.push(n, ...elements(n.children))
  }
  return out
}

function textOf(nodes: readonly AnyNode[]): string {
  return nodes.map((n) => (isText(n) ? n.data : isTag(n) ? textOf(n.children) : '')).join('')
}

describeCorpus('the real corpus, built', () => {
  let result: ContentResult
  let data: DataFolder
  let files: string[]
  const raw = new Map<string, RawPost>()
  /** Written articles by input file. */
  const articles = new Map<string, Article>()

  beforeAll(async () => {
    files = listFilesDeep(CORPUS_POSTS)
    for (const file of files) raw.set(file, readRawPost(CORPUS_POSTS, file))
    const out = tempDir('corpus')
    result = await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    data = new DataFolder(out)
    for (const id of data.allArticleIds()) {
      const article = data.article(id)
      articles.set(article.file, article)
    }
  })

  afterAll(removeTempDirs)

  function written(): [RawPost, Article][] {
    return [...articles].map(([file, article]) => {
      const post = raw.get(file)
      if (!post) throw new Error(`article ${article.id} names ${file}, which is not in _posts`)
      return [post, article]
    })
  }

  it('reads every file of _posts and accounts for each: written or rejected', () => {
    expect(files.length).toBeGreaterThan(100)
    expect(result.report.read).toBe(files.length)
    expect(result.report.written + result.report.rejected.length).toBe(result.report.read)
    const accounted = [...articles.keys(), ...result.report.rejected.map((r) => r.file)].sort()
    expect(accounted).toEqual(files)
  })

  it('rejects only the broken twin, and keeps the intact post of the same id', () => {
    expect(result.report.rejected.map((r) => r.file)).toEqual([BROKEN_TWIN])
    const reasons = result.report.rejected[0]?.reasons.join(' ') ?? ''
    expect(reasons).toContain('202205262391921712')
    expect(reasons).toContain(NIO_POST)
    expect(articles.get(NIO_POST)?.title).toBe(frontText(raw.get(NIO_POST) as RawPost, 'title'))
  })

  it('makes every written post readable through manifest → look-up shard → article file', () => {
    expect(data.manifest.counts.articles).toBe(result.report.written)
    expect(articles.size).toBe(result.report.written)
    for (const file of files.filter((f) => f !== BROKEN_TWIN)) {
      const id = /^\d{4}-\d{2}-\d{2}-(.+)\.md$/.exec(file)?.[1]
      expect(id, file).toBeDefined()
      const article = data.article(id ?? '')
      expect(article.file).toBe(file)
      expect(article.id).toBe(id)
    }
  })

  it('gives every article the title of its front matter', () => {
    for (const [post, article] of written()) expect(article.title, post.file).toBe(frontText(post, 'title').replace(/\s+/g, ' '))
  })

  it('dates every article in Beijing ISO time, reading dates without an offset as Beijing time', () => {
    for (const [post, article] of written()) {
      const expected = corpusDateToIso(frontText(post, 'date'))
      expect(expected, `${post.file}: unexpected date shape`).not.toBeNull()
      expect(article.date, post.file).toBe(expected)
      expect(article.flags, post.file).toEqual([])
    }
  })

  it('reads 2021-12-08-202112082207168450.md (+0800) and an early post without offset at their Beijing times', () => {
    expect(articles.get('2021-12-08-202112082207168450.md')?.date).toBe('2021-12-08T15:46:00+08:00')
    const early = [...raw.values()].find((p) => p.file.startsWith('2021-12-08-') && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(frontText(p, 'date')))
    expect(early, 'an early post whose date has no offset').toBeDefined()
    const [day, time] = frontText(early as RawPost, 'date').split(' ')
    const article = articles.get(early?.file ?? '')
    expect(article?.date).toBe(`${day}T${time}+08:00`)
    const asUtc = new Date(`${day}T${time}Z`).getTime()
    expect(Date.parse(article?.date ?? '')).toBe(asUtc - 8 * 3_600_000)
  })

  it('files every article under its category, with tags as a list', () => {
    for (const [post, article] of written()) {
      expect(article.category, post.file).toBe(frontText(post, 'categories'))
      expect(article.tags, post.file).toEqual(frontList(post, 'tags'))
    }
  })

  it('keeps every old category page as a category, empty where no post has it, so its old link leads somewhere', () => {
    const slugs = new Set(data.manifest.categories.map((c) => c.slug))
    for (const file of listFilesDeep(CORPUS_CATEGORIES)) {
      const slug = frontText(readRawPost(CORPUS_CATEGORIES, file), 'category')
      expect(slugs.has(slug), file).toBe(true)
    }
    for (const category of data.manifest.categories.filter((c) => c.count === 0)) {
      expect(category.feed, category.slug).toEqual({ count: 0, head: null })
      expect([...articles.values()].some((a) => a.category === category.slug), category.slug).toBe(false)
    }
  })

  it('names categories from their category pages, unless a page only repeats the slug', () => {
    const pageTitles = new Map<string, string>()
    for (const file of listFilesDeep(CORPUS_CATEGORIES)) {
      const page = readRawPost(CORPUS_CATEGORIES, file)
      pageTitles.set(frontText(page, 'category'), frontText(page, 'title'))
    }
    const tagsOf = new Map<string, Set<string>>()
    for (const article of articles.values()) {
      const set = tagsOf.get(article.category) ?? new Set<string>()
      for (const tag of article.tags) set.add(tag)
      tagsOf.set(article.category, set)
    }
    for (const category of data.manifest.categories) {
      const title = pageTitles.get(category.slug)
      const tags = [...(tagsOf.get(category.slug) ?? [])]
      if (title !== undefined && title.toLowerCase() !== category.slug.toLowerCase()) expect(category.name, category.slug).toBe(title)
      else if (tags.length === 1) expect(category.name, category.slug).toBe(tags[0])
    }
    const byslug = new Map(data.manifest.categories.map((c) => [c.slug, c.name]))
    expect(pageTitles.get('cailianshe')).toBe('Cailianshe')
    expect(byslug.get('cailianshe')).toBe('财联社新闻')
    expect(byslug.get('emnews')).toBe('东财滚动新闻')
  })

  it('counts every category and tag as the posts do', () => {
    const byCategory = new Map<string, number>()
    const byTag = new Map<string, number>()
    for (const article of articles.values()) {
      byCategory.set(article.category, (byCategory.get(article.category) ?? 0) + 1)
      for (const tag of article.tags) byTag.set(tag, (byTag.get(tag) ?? 0) + 1)
    }
    const withPosts = data.manifest.categories.filter((c) => c.count > 0)
    expect(Object.fromEntries(withPosts.map((c) => [c.slug, c.count]))).toEqual(Object.fromEntries(byCategory))
    expect(Object.fromEntries(data.manifest.tags.map((t) => [t.name, t.count]))).toEqual(Object.fromEntries(byTag))
  })

  it('lifts the `> ` line out as the summary, and only that', () => {
    let withSummary = 0
    for (const [post, article] of written()) {
      const expected = summaryLine(post)
      if (expected !== null) withSummary++
      expect(article.summary, post.file).toBe(expected)
    }
    expect(withSummary).toBeGreaterThan(0)
  })

  it('names the media of each credit line in words, and 证券时报 for the post whose credit holds a board span', () => {
    for (const [post, article] of written()) expect(article.source, post.file).toBe(creditLine(post))
    expect(raw.get('2022-01-21-202201212257099936.md')?.body).toMatch(/文章来源：<span id="bk_90\.BK\d+"/)
    expect(articles.get('2022-01-21-202201212257099936.md')?.source).toBe('证券时报')
  })

  it('keeps the <http…> line as the original link', () => {
    for (const [post, article] of written()) {
      const line = sourceUrlLine(post)
      expect(article.sourceUrl, post.file).toBe(line === null ? null : new URL(line).href)
    }
  })

  it('finds the mentions of the 蔚来 refrigerant post in order, with names, kinds and counts from the file', () => {
    const post = raw.get(NIO_POST) as RawPost
    const article = articles.get(NIO_POST)
    const expected = scanMarkup(bodyWithoutCredit(post))
    const mentions = article?.mentions ?? []
    expect(mentions.slice(0, 5).map((m) => m.secid)).toEqual(['106.NIO', '90.BK0493', '1.600160', '0.300343', '1.600636'])
    expect(mentions.map((m) => [m.secid, m.name, m.count])).toEqual(expected.map((m) => [m.secid, m.name, m.count]))
    expect(mentions.slice(0, 5).map((m) => m.name)).toEqual(['蔚来', '新能源', '巨化股份', '联创股份', '国新文化'])
    expect(mentions.slice(0, 5).map((m) => [m.market, m.code, m.kind, m.exchange])).toEqual([
      [106, 'NIO', 'stock', 'US'],
      [90, 'BK0493', 'board', null],
      [1, '600160', 'stock', 'SH'],
      [0, '300343', 'stock', 'SZ'],
      [1, '600636', 'stock', 'SH'],
    ])
  })

  it('counts K-line charts as mentions (data-code="002752|0|2")', () => {
    const file = '2022-01-21-202201212257099936.md'
    const body = bodyWithoutCredit(raw.get(file) as RawPost)
    const charts = body.match(/class="EmImageRemark"/g)?.length ?? 0
    const named = (body.match(/id="stock_0\.002752"/g)?.length ?? 0) + (body.match(/class="em_stock_key_common" data-code="0,002752"/g)?.length ?? 0)
    expect(body).toContain('data-code="002752|0|2"')
    expect(charts).toBe(1)
    const mention = articles.get(file)?.mentions.find((m) => m.secid === '0.002752')
    expect(mention?.count).toBe(named + charts)
    expect(mention?.name).toBe('昇兴股份')
  })

  it('does not count the board span inside a media credit as a mention', () => {
    const credit = /（文章来源：[^）]*?id="bk_(90\.BK\d+)"/
    const withBoardInCredit = written().filter(([post]) => credit.test(post.body))
    expect(withBoardInCredit.map(([p]) => p.file)).toEqual(expect.arrayContaining(['2022-01-21-202201212257099936.md', NIO_POST]))
    for (const [post, article] of withBoardInCredit) {
      const board = credit.exec(post.body)?.[1] ?? ''
      const elsewhere = scanMarkup(bodyWithoutCredit(post)).some((m) => m.secid === board)
      if (!elsewhere) expect(article.mentions.map((m) => m.secid), post.file).not.toContain(board)
    }
  })

  it('finds exactly the security markup of each post: same securities, order, names and counts', () => {
    let total = 0
    for (const [post, article] of written()) {
      const expected = scanMarkup(bodyWithoutCredit(post))
      total += expected.length
      expect(article.mentions.map((m) => [m.secid, m.name, m.count]), post.file).toEqual(
        expected.map((m) => [m.secid, m.name ?? m.secid.slice(m.secid.indexOf('.') + 1), m.count]),
      )
      expect(article.mentionCount).toBe(article.mentions.length)
      expect(article.chips).toEqual(article.mentions.slice(0, 3).map((m) => ({ secid: m.secid, name: m.name })))
    }
    expect(total).toBeGreaterThan(20)
  })

  it('writes a body with no back links, credit line, original-link line or quote placeholders', () => {
    for (const [post, article] of written()) {
      const nodes = parseDocument(article.bodyHtml).children
      const text = textOf(nodes)
      const anchors = elements(nodes).filter((el) => el.name === 'a')
      expect(anchors.filter((a) => textOf(a.children).trim().startsWith('返回')), post.file).toEqual([])
      expect(article.bodyHtml, post.file).not.toContain('withounder')
      expect(text, post.file).not.toContain('文章来源')
      expect(article.bodyHtml, post.file).not.toMatch(/<http|&lt;http|&lt;&gt;/)
      if (article.sourceUrl !== null) expect(text, post.file).not.toContain(article.sourceUrl)
      expect(article.bodyHtml, post.file).not.toMatch(/quote_|bkquote_/)
      expect(elements(nodes).filter((el) => el.name === 'span'), post.file).toEqual([])
    }
  })

  it('writes every mention as <a data-secid="M.CODE" href="…/unify/r/M.CODE">name</a>, once per occurrence', () => {
    for (const [post, article] of written()) {
      const anchors = elements(parseDocument(article.bodyHtml).children).filter((el) => el.name === 'a')
      const mentionLinks = anchors.filter((a) => 'data-secid' in a.attribs)
      const counts = new Map<string, number>()
      for (const a of mentionLinks) {
        const secid = a.attribs['data-secid'] ?? ''
        expect(Object.keys(a.attribs).sort(), post.file).toEqual(['data-secid', 'href'])
        expect(a.attribs.href, post.file).toBe(quoteUrl(secid))
        counts.set(secid, (counts.get(secid) ?? 0) + 1)
        const words = textOf(a.children).trim()
        const chart = elements(a.children).some((el) => el.name === 'img')
        expect(words !== '' || chart, `${post.file}: empty mention ${secid}`).toBe(true)
      }
      expect(Object.fromEntries(counts), post.file).toEqual(Object.fromEntries(article.mentions.map((m) => [m.secid, m.count])))
      for (const m of article.mentions) {
        const firstNamed = mentionLinks.find((a) => a.attribs['data-secid'] === m.secid && textOf(a.children).trim() !== '')
        if (firstNamed) expect(textOf(firstNamed.children).trim(), post.file).toBe(m.name)
      }
      // Every link to a quote page is a mention.
      const plainQuoteLinks = anchors.filter((a) => !('data-secid' in a.attribs) && /quote\.eastmoney\.com\/(unify\/)?r\//.test(a.attribs.href ?? ''))
      expect(plainQuoteLinks.map((a) => a.attribs.href), post.file).toEqual([])
    }
  })

  it('keeps a.infokey links as plain links with their words, not as mentions', () => {
    let seen = 0
    for (const [post, article] of written()) {
      const anchors = elements(parseDocument(article.bodyHtml).children).filter((el) => el.name === 'a')
      for (const { href, words } of infokeyLinks(post)) {
        seen++
        const link = anchors.find((a) => a.attribs.href === new URL(href).href && textOf(a.children) === words)
        expect(link?.attribs, `${post.file}: ${words}`).toEqual({ href: new URL(href).href })
      }
    }
    expect(seen).toBeGreaterThan(0)
  })

  it('keeps the words of every body paragraph of the NIO post', () => {
    const article = articles.get(NIO_POST)
    const text = textOf(parseDocument(article?.bodyHtml ?? '').children)
    const paragraphs = plainParagraphs(raw.get(NIO_POST) as RawPost)
    expect(paragraphs.length).toBeGreaterThan(10)
    for (const words of paragraphs.filter((p) => p !== '')) expect(text).toContain(words)
  })
})
