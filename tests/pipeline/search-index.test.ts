// Search over the real corpus: for every query a reader could type (substrings of titles and bodies of 2,
// 3, 4 and more characters, across word boundaries, Latin words and numbers in any case, stock codes and
// names, two words, filters), the query engine reading the pipeline's index finds exactly the articles a
// brute-force scan of the same texts finds, with the same total, newest first.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { compareIds } from '../../src/content/order.ts'
import { normalizeText, parseQuery } from '../../src/content/search-text.ts'
import { SearchRun, ShardCache, type SearchFilters } from '../../src/features/search/engine.ts'
import { CORPUS_CATEGORIES, CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { build, removeTempDirs, tempDir } from './support/data-folder.ts'
import { bruteForce, fileSource, scanArticles, type ScannedArticle } from './support/search-files.ts'
import { seededRandom as random } from './support/seeded-random.ts'

afterAll(removeTempDirs)

async function engineIds(root: string, query: string, filters: SearchFilters = {}): Promise<{ ids: string[]; total: number }> {
  const parsed = parseQuery(query)
  if (!parsed.ok) throw new Error(`query "${query}" refused: ${parsed.reason}`)
  const source = fileSource(root)
  const cache = new ShardCache(source)
  const run = new SearchRun(cache, await source.root(), parsed.words, filters)
  // Pages first and the total after, as the reader asks.
  const ids: string[] = []
  while (!run.done) for (const hit of await run.more(20)) ids.push((await run.doc(hit))[0])
  const total = await run.total()
  return { ids, total }
}

describeCorpus('search over the real corpus', () => {
  let out = ''
  let articles: ScannedArticle[] = []
  const pick = random(13)
  const any = <T,>(list: readonly T[]): T => list[Math.floor(pick() * list.length)] as T

  beforeAll(async () => {
    out = tempDir('search')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    articles = scanArticles(out)
  }, 120_000)

  async function expectExact(query: string, filters: SearchFilters = {}): Promise<number> {
    const words = parseQuery(query)
    if (!words.ok) throw new Error(`query "${query}" refused`)
    const expected = bruteForce(articles, words.words, filters)
    const { ids, total } = await engineIds(out, query, filters)
    expect(new Set(ids), `ids for "${query}" ${JSON.stringify(filters)}`).toEqual(expected)
    expect(ids.length, `no id twice for "${query}"`).toBe(expected.size)
    expect(total, `total for "${query}"`).toBe(expected.size)
    return expected.size
  }

  /** A substring of `length` units of a random article's raw text (not normalized: what a reader copies). */
  function substring(length: number, field: (a: ScannedArticle) => string): string {
    for (;;) {
      const text = field(any(articles))
      if (text.length < length) continue
      const at = Math.floor(pick() * (text.length - length))
      const s = text.slice(at, at + length)
      if (!/\s/.test(s) && s.length === length) return s
    }
  }

  it('finds every article holding a substring of a title or a body, of 2 to 8 characters, and only those', async () => {
    let found = 0
    for (const length of [2, 2, 2, 3, 3, 4, 4, 5, 6, 8]) {
      for (let i = 0; i < 6; i++) {
        found += await expectExact(substring(length, (a) => a.article.title))
        found += await expectExact(substring(length, (a) => a.text))
      }
    }
    // The queries came from the texts: each finds at least its own article.
    expect(found).toBeGreaterThanOrEqual(120)
  })

  it('answers common words, phrases across word boundaries, and words in no article', async () => {
    expect(await expectExact('公司')).toBeGreaterThan(20)
    for (const q of ['同比增长', '新能源汽车', '降准', '亿元，同比', '股份有限公司', '央行', '人民币', '不存在的词语组合']) await expectExact(q)
    expect(await expectExact('不存在的词语组合')).toBe(0)
  })

  it('matches Latin words and numbers whatever their case or width', async () => {
    const words = new Set<string>()
    for (const { text } of articles) for (const m of text.match(/[a-z]{3,}|\d{3,}/g) ?? []) words.add(m)
    const list = [...words].sort()
    for (let i = 0; i < 20; i++) {
      const w = any(list)
      const n = await expectExact(w)
      expect(n).toBeGreaterThan(0)
      // Upper case and full-width forms are the same query.
      expect((await engineIds(out, w.toUpperCase())).total).toBe(n)
      const fullWidth = [...w].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('')
      expect((await engineIds(out, fullWidth)).total).toBe(n)
    }
  })

  it('finds the articles that mention a security by its code or its name', async () => {
    const mentions = articles.flatMap((a) => a.article.mentions)
    expect(mentions.length).toBeGreaterThan(10)
    for (let i = 0; i < 15; i++) {
      const m = any(mentions)
      const byCode = await expectExact(m.code)
      expect(byCode).toBeGreaterThan(0)
      if (m.name.length >= 2 && !/\s/.test(m.name)) expect(await expectExact(m.name)).toBeGreaterThan(0)
    }
    // 600519 finds the articles that mention 贵州茅台 by its code, wherever the corpus has it.
    const moutai = articles.filter((a) => a.article.mentions.some((m) => m.code === '600519')).map((a) => a.article.id)
    const { ids } = await engineIds(out, '600519')
    for (const id of moutai) expect(ids).toContain(id)
  })

  it('needs every word of a query of two words', async () => {
    for (let i = 0; i < 15; i++) {
      const a = any(articles)
      const [x, y] = [substring(2 + (i % 3), () => a.text), substring(2, () => a.text)]
      expect(await expectExact(`${x} ${y}`)).toBeGreaterThan(0)
    }
    for (let i = 0; i < 10; i++) await expectExact(`${substring(2, (a) => a.text)}  ${substring(3, (a) => a.text)}`)
  })

  it('filters by category, tag, security and date range exactly', async () => {
    const withTags = articles.filter((a) => a.article.tags.length > 0)
    const withMentions = articles.filter((a) => a.article.mentions.length > 0)
    const days = articles.flatMap((a) => (a.article.date ? [a.article.date.slice(0, 10)] : [])).sort()
    for (let i = 0; i < 10; i++) {
      const q = any(['公司', '增长', '市场', '亿元', substring(2, (a) => a.text)])
      await expectExact(q, { category: any(articles).article.category })
      await expectExact(q, { tag: any(any(withTags).article.tags) })
      await expectExact(q, { secid: any(any(withMentions).article.mentions).secid })
      const [from, to] = [any(days), any(days)].sort() as [string, string]
      await expectExact(q, { from, to })
      await expectExact(q, { from })
      await expectExact(q, { to })
    }
  })

  it('ranks by 相关度: the articles where the words occur most often first, ties newest first', async () => {
    const occurrences = (text: string, words: readonly string[]): number => {
      let n = 0
      for (const w of words) for (let at = text.indexOf(w); at !== -1; at = text.indexOf(w, at + 1)) n++
      return n
    }
    for (const query of ['公司', '增长', '同比增长', '人民币 央行', substring(3, (a) => a.text)]) {
      const words = parseQuery(query)
      if (!words.ok) throw new Error(query)
      const source = fileSource(out)
      const run = new SearchRun(new ShardCache(source), await source.root(), words.words, {})
      const ids: string[] = []
      for (let from = 0; ; from += 20) {
        const hits = await run.ranked(from, 20)
        for (const hit of hits) ids.push((await run.doc(hit))[0])
        if (hits.length < 20) break
      }
      expect(new Set(ids)).toEqual(bruteForce(articles, words.words))
      const textOf = new Map(articles.map((a) => [a.article.id, a.text]))
      const counts = ids.map((id) => occurrences(textOf.get(id) ?? '', words.words))
      expect(counts, query).toEqual([...counts].sort((a, b) => b - a))
    }
  })

  it('lists results newest first, and refuses a one-character query with a reason', async () => {
    const { ids } = await engineIds(out, '公司')
    const byId = new Map(articles.map((a) => [a.article.id, a.article]))
    const times = ids.map((id) => byId.get(id)?.date ?? '')
    for (let i = 1; i < ids.length; i++) {
      const [a, b] = [times[i - 1] as string, times[i] as string]
      // Undated articles come last; equal times by id, larger first.
      if (a === b) expect(compareIds(ids[i - 1] as string, ids[i] as string)).toBeGreaterThan(0)
      else if (b !== '') expect(a > b).toBe(true)
    }
    expect(parseQuery('股')).toEqual({ ok: false, reason: 'short', words: ['股'] })
    expect(parseQuery('   ')).toEqual({ ok: false, reason: 'empty', words: [] })
    expect(normalizeText('ＢＩＤＵ Tesla')).toBe('bidu tesla')
  })
})
