// Twins: the same story under both writers is one story in every list that spans writers. The rule is
// checked on the real corpus against pairs found from the file names alone (the Eastmoney number, with and
// without NW), including the pairs that must not merge; and incrementally, a twin arriving, changing and
// leaving after its pair, against a clean build of the same posts byte for byte.
import { mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Article, FeedItem, FeedRef } from '../../src/content/schema.ts'
import type { PostRecord } from '../../src/pipeline/outputs/article-files.ts'
import { areTwins, candidateKeys, idsWithCandidates, normalizeTitle, storyKeys, TITLE_WINDOW_MS } from '../../src/pipeline/outputs/market/twin-rule.ts'
import { CORPUS_CATEGORIES, CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { expectConsistentFeeds, expectNoOrphans } from './support/data-checks.ts'
import { build, DataFolder, readTree, removeTempDirs, tempDir } from './support/data-folder.ts'
import { corpusDateToIso, frontList, frontText, listFilesDeep, readRawPost } from './support/raw-post.ts'

afterAll(removeTempDirs)

function items(data: DataFolder, ref: FeedRef): FeedItem[] {
  return data.feedPages(ref).flatMap(({ page }) => page.items)
}

/** `2022-05-30-NW202205302396506117.md` → `202205302396506117`; null for a file whose name has no number. */
function numberOf(file: string): string | null {
  return /^\d{4}-\d{2}-\d{2}-(?:NW)?(\d+)\.md$/.exec(file)?.[1] ?? null
}

const idOf = (file: string): string => file.replace(/^\d{4}-\d{2}-\d{2}-|\.md$/g, '')

describeCorpus('twins in the real corpus', () => {
  let data: DataFolder
  /** Each Eastmoney number posted by both writers → its two files. */
  const pairs = new Map<string, string[]>()
  const articles = new Map<string, Article>()

  beforeAll(async () => {
    const out = tempDir('twins-corpus')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    data = new DataFolder(out)
    for (const id of data.allArticleIds()) articles.set(id, data.article(id))
    const byNumber = new Map<string, string[]>()
    for (const file of listFilesDeep(CORPUS_POSTS)) {
      const number = numberOf(file)
      if (number) byNumber.set(number, [...(byNumber.get(number) ?? []), file])
    }
    for (const [number, files] of byNumber) if (files.length === 2 && files.some((f) => f.includes('-NW'))) pairs.set(number, files.sort())
  })

  it('finds the pairs the Eastmoney number names, both ways, and no other', () => {
    // The corpus has seven: 2022-01-07, 01-21, 03-09, 04-21, 05-26 (蔚来) and two on 05-30 (央行).
    expect(pairs.size).toBe(7)
    const expected = new Map<string, string[]>()
    for (const files of pairs.values()) {
      const [a, b] = files.map(idOf) as [string, string]
      expected.set(a, [b])
      expected.set(b, [a])
    }
    const found = new Map<string, string[]>()
    for (const id of articles.keys()) {
      const twins = data.articleEntry(id)?.twins
      if (twins) found.set(id, twins.map((t) => t.id))
    }
    expect(found).toEqual(expected)
    // Each link names the other copy's own category, for 同时见于.
    for (const [id, [twin]] of expected) expect(data.articleEntry(id)?.twins).toEqual([{ id: twin, category: articles.get(twin as string)?.category }])
  })

  it('keeps apart the two 央行 stories of 2022-05-30: one subject and day, two numbers', () => {
    const a = articles.get('202205302396506117')
    const b = articles.get('202205302396671291')
    expect(a?.title).toContain('促进消费投资增长')
    expect(b?.title).toContain('促进消费投资增长')
    expect(data.articleEntry('202205302396506117')?.twins?.map((t) => t.id)).toEqual(['NW202205302396506117'])
    expect(data.articleEntry('202205302396671291')?.twins?.map((t) => t.id)).toEqual(['NW202205302396671291'])
  })

  it('adds nothing by title: no two posts of different categories share a normalized title within 48 hours but the pairs', () => {
    const posts = listFilesDeep(CORPUS_POSTS)
      .map((f) => readRawPost(CORPUS_POSTS, f))
      .filter((p) => p.front && numberOf(p.file))
      .map((p) => ({ file: p.file, title: normalizeTitle(frontText(p, 'title')), category: frontList(p, 'categories').join(' '), t: Date.parse(corpusDateToIso(frontText(p, 'date')) ?? '') }))
    const sameTitle: string[] = []
    for (const x of posts) {
      for (const y of posts) {
        if (x.file < y.file && x.title === y.title && x.category !== y.category && Math.abs(x.t - y.t) <= 48 * 3600 * 1000) sameTitle.push(numberOf(x.file) === numberOf(y.file) ? 'pair' : `${x.file} ${y.file}`)
      }
    }
    expect(sameTitle.filter((s) => s !== 'pair')).toEqual([])
  })

  it('needs no text rule (MinHash): near-identical text the number misses is one writer’s, and no threshold tells a story from an update', () => {
    // Exact Jaccard similarity of 5-character shingles of each article's text (what MinHash estimates).
    const shingles = new Map<string, Set<string>>()
    for (const [id, article] of articles) {
      const text = article.bodyHtml.replace(/<[^>]*>/g, '').replace(/[\s\p{P}\p{S}]+/gu, '')
      const set = new Set<string>()
      for (let i = 0; i + 5 <= text.length; i++) set.add(text.slice(i, i + 5))
      shingles.set(id, set)
    }
    const jaccard = (a: Set<string>, b: Set<string>): number => {
      let both = 0
      for (const s of a) if (b.has(s)) both++
      return both / (a.size + b.size - both || 1)
    }
    const ids = [...articles.keys()].sort()
    const twinPairs: number[] = []
    const others: { a: string; b: string; j: number }[] = []
    for (const [i, a] of ids.entries()) {
      for (const b of ids.slice(i + 1)) {
        const j = jaccard(shingles.get(a) ?? new Set(), shingles.get(b) ?? new Set())
        if (data.articleEntry(a)?.twins?.some((t) => t.id === b)) twinPairs.push(j)
        else others.push({ a, b, j })
      }
    }
    // Every pair the number joins is near-identical text...
    expect(twinPairs).toHaveLength(pairs.size)
    const lowest = Math.min(...twinPairs)
    expect(lowest).toBeGreaterThan(0.7)
    // ...and every other pair as close as that is one writer's (same category): the cross-writer rule
    // loses nothing without text. Within one writer, one of them is closer than the least similar twins
    // while its titles differ (an update of a flash 21 minutes later), so a text threshold low enough to
    // find every twin would also join a story with its update.
    const close = others.filter((o) => o.j >= lowest)
    expect(close.length).toBeGreaterThan(0)
    for (const { a, b } of close) expect(articles.get(a)?.category, `${a} ${b}`).toBe(articles.get(b)?.category)
    expect(close.some(({ a, b }) => normalizeTitle(articles.get(a)?.title ?? '') !== normalizeTitle(articles.get(b)?.title ?? ''))).toBe(true)
  })

  it('lists each story once in the feed of all articles, and each copy in its own writer’s category', () => {
    const all = items(data, data.manifest.feed)
    const listed = new Set(all.map((i) => i.id))
    expect(all.length).toBe(articles.size - pairs.size)
    for (const files of pairs.values()) {
      const ids = files.map(idOf)
      expect(ids.filter((id) => listed.has(id)), files.join(' ')).toHaveLength(1)
      for (const id of ids) {
        const category = data.manifest.categories.find((c) => c.slug === articles.get(id)?.category)
        expect(items(data, category?.feed ?? { count: 0, head: null }).map((i) => i.id), `${id} in its category`).toContain(id)
      }
    }
    // The copy listed is the one with Eastmoney's stock markup, and it names the other.
    const nio = all.find((i) => i.id === '202205262391921712')
    expect(nio?.twins).toEqual([{ id: 'NW202205262391921712', category: 'shanghaizhengquanbao' }])
    expectConsistentFeeds(data)
  })

  it('counts a story once in each security’s count, as a brute force over the article files says', () => {
    for (const security of data.allSecurities()) {
      const stories = new Set<string>()
      for (const a of articles.values()) if (a.mentions.some((m) => m.secid === security.secid)) stories.add(a.id.replace(/^NW/, ''))
      expect(security.count, security.secid).toBe(stories.size)
      expect(items(data, security.feed).map((i) => i.id.replace(/^NW/, '')).sort(), security.secid).toEqual([...stories].sort())
    }
  })
})

function record(over: { id: string; title: string; category: string; date: string | null; mentions?: number }): PostRecord {
  const t = over.date === null ? -8_640_000_000_000_000 : Date.parse(over.date)
  const mention = { secid: '1.603138', market: 1, code: '603138', name: '海量数据', kind: 'stock' as const, exchange: 'SH', count: 1 }
  return {
    file: `${over.id}.md`,
    hash: '',
    id: over.id,
    t,
    reasons: [],
    mentions: Array.from({ length: over.mentions ?? 0 }, () => mention),
    item: { id: over.id, title: over.title, date: over.date, category: over.category, tags: [], summary: null, source: null, chips: [], mentionCount: 0, flags: [], path: `articles/${over.id}.x.json` },
  }
}

describe('the twin rule', () => {
  const at = (hours: number): string => new Date(Date.parse('2022-05-30T08:00:00+08:00') + hours * 3600 * 1000).toISOString().replace('.000Z', '+00:00')
  const story = '央行研究局课题组：促进消费投资增长 实现经济平稳高质量运行'

  it('joins the same Eastmoney number under both writers, whatever the titles and times', () => {
    expect(areTwins(record({ id: '202205302396506117', title: 'A', category: 'emnews', date: at(0) }), record({ id: 'NW202205302396506117', title: 'B', category: 'x', date: at(100) }))).toBe(true)
    expect(areTwins(record({ id: '202205302396506117', title: story, category: 'emnews', date: at(0) }), record({ id: '202205302396671291', title: 'B', category: 'x', date: at(0) }))).toBe(false)
  })

  it('joins one title in two categories within 48 hours, despite spaces, width and punctuation', () => {
    const a = record({ id: 'a1', title: story, category: 'emnews', date: at(0) })
    expect(normalizeTitle('央行：促进消费 投资！')).toBe(normalizeTitle('央行:促进消费投资!'))
    expect(areTwins(a, record({ id: 'b1', title: '央行研究局课题组: 促进消费投资增长，实现经济平稳高质量运行', category: 'cailianshe', date: at(47) }))).toBe(true)
    expect(areTwins(a, record({ id: 'b2', title: story, category: 'cailianshe', date: at(49) })), 'more than 48 hours apart').toBe(false)
    expect(areTwins(a, record({ id: 'b3', title: story, category: 'emnews', date: at(1) })), 'one writer repeating a title').toBe(false)
    expect(areTwins(a, record({ id: 'b4', title: story, category: 'cailianshe', date: null })), 'undated').toBe(false)
    expect(areTwins(record({ id: 'a2', title: '午间公告', category: 'emnews', date: at(0) }), record({ id: 'b5', title: '午间公告', category: 'cailianshe', date: at(1) })), 'a title too short to say').toBe(false)
  })

  it('finds a title twin across a 48-hour window boundary by its keys, and only articles near it in time', () => {
    // The title keys name a 48-hour window, so a title recurring daily for years is never one huge key.
    const boundary = Math.ceil(Date.parse(at(0)) / TITLE_WINDOW_MS) * TITLE_WINDOW_MS
    const iso = (ms: number): string => new Date(ms).toISOString().replace('.000Z', '+00:00')
    const before = record({ id: 'w1', title: story, category: 'emnews', date: iso(boundary - 1800_000) })
    const after = record({ id: 'w2', title: story, category: 'cailianshe', date: iso(boundary + 1800_000) })
    const later = record({ id: 'w3', title: story, category: 'cailianshe', date: iso(boundary + 5 * 24 * 3600_000) })
    expect(storyKeys(before)).not.toEqual(storyKeys(after))
    expect(candidateKeys(before)).toEqual(expect.arrayContaining(storyKeys(after)))
    expect(candidateKeys(before)).not.toEqual(expect.arrayContaining(storyKeys(later)))
    const rows = [before, after, later].flatMap((r) => storyKeys(r).map((key): [string, string] => [key, r.id])).sort((a, b) => (a[0] < b[0] ? -1 : 1))
    expect([...idsWithCandidates(rows)].sort()).toEqual(['w1', 'w2'])
  })
})

describe('twins, incrementally', () => {
  const root = tempDir('twins-incremental')
  const posts = join(root, '_posts')
  mkdirSync(posts, { recursive: true })
  let clock = Date.UTC(2024, 0, 1) / 1000
  const write = (file: string, o: { title: string; category: string; date: string; stock?: boolean }): void => {
    const body = o.stock ? '<p>消息 <span id="stock_1.603138"><a class="keytip" data-code="1,603138">海量数据</a></span> 说。</p>' : '<p>消息说。</p>'
    writeFileSync(join(posts, file), `---\nlayout: post\ntitle: "${o.title}"\ndate: ${o.date} +0800\ncategories: ${o.category}\ntags: ${o.category === 'emnews' ? '东财滚动新闻' : '财联社新闻'}\n---\n${body}\n`)
    clock += 10
    utimesSync(join(posts, file), clock, clock)
  }
  const cacheDir = tempDir('twins-cache')
  const out = tempDir('twins-out')
  const step = async (): Promise<DataFolder> => {
    await build({ posts, out, cacheDir, sizes: { page: 2, list: 2 } })
    const clean = tempDir('twins-clean')
    await build({ posts, out: clean, sizes: { page: 2, list: 2 } })
    expect([...readTree(out)].map(([p, b]) => [p, b.toString('utf8')])).toEqual([...readTree(clean)].map(([p, b]) => [p, b.toString('utf8')]))
    const data = new DataFolder(out)
    expectConsistentFeeds(data, { page: 2, list: 2 })
    expectNoOrphans(data)
    return data
  }
  const allIds = (data: DataFolder): string[] => items(data, data.manifest.feed).map((i) => i.id)

  it('moves a story’s copies in and out of mixed lists as twins arrive, change and leave, as a clean build would', async () => {
    for (let i = 1; i <= 5; i++) write(`2024-01-0${i}-20240101000000000${i}.md`, { title: `第${i}条新闻的标题足够长`, category: 'emnews', date: `2024-01-0${i} 09:00:00`, stock: i % 2 === 0 })
    write('2024-01-03-202401030000000100.md', { title: '央行发布促进消费投资增长的报告', category: 'emnews', date: '2024-01-03 10:00:00', stock: true })
    let data = await step()
    expect(allIds(data)).toContain('202401030000000100')

    // Its media copy arrives after it: the feed of all articles still lists the story once, both link.
    write('2024-01-03-NW202401030000000100.md', { title: '央行发布报告', category: 'cailianshe', date: '2024-01-03 10:00:00' })
    data = await step()
    expect(allIds(data)).toContain('202401030000000100')
    expect(allIds(data)).not.toContain('NW202401030000000100')
    expect(data.articleEntry('202401030000000100')?.twins).toEqual([{ id: 'NW202401030000000100', category: 'cailianshe' }])
    expect(data.articleEntry('NW202401030000000100')?.twins).toEqual([{ id: '202401030000000100', category: 'emnews' }])
    expect(data.security('1.603138')?.count).toBe(3)

    // A title twin from a third writer, a day later; then moved three days away, where it is its own story.
    write('2024-01-04-202401040000000200.md', { title: '央行发布促进消费投资增长的报告！', category: 'zhengquanshibao', date: '2024-01-04 08:00:00' })
    data = await step()
    expect(data.articleEntry('202401030000000100')?.twins?.map((t) => t.id)).toEqual(['202401040000000200', 'NW202401030000000100'])
    expect(allIds(data)).not.toContain('202401040000000200')
    write('2024-01-04-202401040000000200.md', { title: '央行发布促进消费投资增长的报告！', category: 'zhengquanshibao', date: '2024-01-07 08:00:00' })
    data = await step()
    expect(allIds(data)).toContain('202401040000000200')
    expect(data.articleEntry('202401040000000200')?.twins).toBeUndefined()

    // The copy with the stock markup goes: the media copy is the story in every list, without a twin.
    rmSync(join(posts, '2024-01-03-202401030000000100.md'))
    data = await step()
    expect(allIds(data)).toContain('NW202401030000000100')
    expect(data.articleEntry('NW202401030000000100')?.twins).toBeUndefined()
    expect(data.security('1.603138')?.count).toBe(2)
  })
})
