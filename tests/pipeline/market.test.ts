// The market files against a brute force over the real corpus's post files (their front matter and stock
// markup read by the tests' own scanner, support/raw-post.ts): each security's stories per Beijing day and
// the securities mentioned with it; 热门, the securities in the most stories of the 24 hours up to the
// newest article, with 30-day sparklines. A story both writers posted (NW<n> beside <n>) counts once; a
// category's 热门 counts the copies it lists (its own), up to its own newest article.
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CategoryHotSchema, HotSchema, SecurityHistorySchema, SPARK_DAYS, type Hot } from '../../src/content/market.ts'
import { CORPUS_CATEGORIES, CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { build, DataFolder, removeTempDirs, tempDir } from './support/data-folder.ts'
import { bodyWithoutCredit, corpusDateToIso, frontList, frontText, listFilesDeep, readRawPost, scanMarkup } from './support/raw-post.ts'

afterAll(removeTempDirs)

interface Story {
  /** The Eastmoney number (the id without NW). */
  number: string
  /** Beijing time, +08:00. */
  iso: string
  category: string
  secids: Set<string>
}

/** The corpus's stories: posts with a dated file name, one per Eastmoney number, the copy without NW first. */
function corpusStories(): Story[] {
  const byNumber = new Map<string, Story>()
  const files = listFilesDeep(CORPUS_POSTS).filter((f) => /^\d{4}-\d{2}-\d{2}-(NW)?\d+\.md$/.test(f))
  // The copy without NW is the one lists show (it carries the stock markup); its twin adds what it lacks.
  files.sort((a, b) => Number(a.includes('-NW')) - Number(b.includes('-NW')) || (a < b ? -1 : 1))
  for (const file of files) {
    const post = readRawPost(CORPUS_POSTS, file)
    const number = file.replace(/^\d{4}-\d{2}-\d{2}-(NW)?|\.md$/g, '')
    const iso = corpusDateToIso(frontText(post, 'date'))
    if (!iso) throw new Error(`${file}: no date`)
    const secids = new Set(scanMarkup(bodyWithoutCredit(post)).map((m) => m.secid))
    const seen = byNumber.get(number)
    if (seen) for (const secid of secids) seen.secids.add(secid)
    else byNumber.set(number, { number, iso, category: frontList(post, 'categories')[0] ?? '', secids })
  }
  return [...byNumber.values()]
}

describeCorpus('the market view of the real corpus', () => {
  let data: DataFolder
  let stories: Story[]

  beforeAll(async () => {
    const out = tempDir('market')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    data = new DataFolder(out)
    stories = corpusStories()
  })

  it('counts each security’s stories per Beijing day as the post files say', () => {
    const securities = data.allSecurities()
    expect(securities.length).toBeGreaterThan(20)
    for (const security of securities) {
      const days = new Map<string, number>()
      for (const s of stories) if (s.secids.has(security.secid)) days.set(s.iso.slice(0, 10), (days.get(s.iso.slice(0, 10)) ?? 0) + 1)
      const history = data.read(security.history ?? '', SecurityHistorySchema)
      expect(history.secid).toBe(security.secid)
      expect(history.days, security.secid).toEqual([...days].sort((a, b) => (a[0] < b[0] ? -1 : 1)))
      expect(history.undated).toBe(0)
      expect(history.days.reduce((n, [, c]) => n + c, 0)).toBe(security.count)
    }
  })

  it('names the securities mentioned in the same stories, most first, as the post files say', () => {
    for (const security of data.allSecurities()) {
      const together = new Map<string, number>()
      for (const s of stories) {
        if (!s.secids.has(security.secid)) continue
        for (const other of s.secids) if (other !== security.secid) together.set(other, (together.get(other) ?? 0) + 1)
      }
      const expected = [...together].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 30)
      expect(data.read(security.history ?? '', SecurityHistorySchema).with, security.secid).toEqual(expected)
    }
    // A sector board (90.BK…) lists the stocks mentioned with it: 新能源 with the 蔚来 story's A shares.
    const board = data.read(data.security('90.BK0493')?.history ?? '', SecurityHistorySchema)
    expect(board.with.map(([secid]) => secid)).toEqual(expect.arrayContaining(['1.600160', '0.300343', '106.NIO']))
  })

  const DAY = 24 * 3600 * 1000
  /** The [secid, count] of the securities in the most of `list` in the 24 hours up to `newest`. */
  const rank = (list: Story[], newest: number): [string, number][] => {
    const counts = new Map<string, number>()
    for (const s of list) if (Date.parse(s.iso) > newest - DAY) for (const secid of s.secids) counts.set(secid, (counts.get(secid) ?? 0) + 1)
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 10)
  }
  /** Of `list`, those mentioning `secid` on each of the 30 Beijing days up to `newest`'s day. */
  const sparkOf = (list: Story[], secid: string, newest: number): number[] => {
    const lastDay = Date.parse(`${new Date(newest + 8 * 3600 * 1000).toISOString().slice(0, 10)}T00:00:00+08:00`)
    return Array.from({ length: SPARK_DAYS }, (_, i) => {
      const start = lastDay - (SPARK_DAYS - 1 - i) * DAY
      return list.filter((s) => s.secids.has(secid) && Date.parse(s.iso) >= start && Date.parse(s.iso) < start + DAY).length
    })
  }

  it('ranks 热门 by stories in the 24 hours up to the archive’s newest article', () => {
    const hot: Hot = data.read(data.manifest.market ?? '', HotSchema)
    const newest = Math.max(...stories.map((s) => Date.parse(s.iso)))
    expect(hot.until && Date.parse(hot.until)).toBe(newest)
    expect(hot.all.map((h) => [h.secid, h.count])).toEqual(rank(stories, newest))
    expect(hot.all.length).toBeGreaterThan(0)
    for (const h of hot.all) {
      expect(h.name).toBe(data.security(h.secid)?.name)
      expect(h.spark, h.secid).toEqual(sparkOf(stories, h.secid, newest))
    }
  })

  it('ranks each category’s 热门 by its own articles in the 24 hours up to its newest one', () => {
    // Every post file as its category lists it: both copies of a twin story, each with its own mentions.
    const posts: Story[] = listFilesDeep(CORPUS_POSTS)
      .filter((f) => f.endsWith('.md'))
      .flatMap((file) => {
        const post = readRawPost(CORPUS_POSTS, file)
        const iso = corpusDateToIso(frontText(post, 'date'))
        const category = frontList(post, 'categories')[0]
        if (!iso || category === undefined) return []
        return [{ number: file, iso, category, secids: new Set(scanMarkup(bodyWithoutCredit(post)).map((m) => m.secid)) }]
      })
    let withHot = 0
    for (const category of data.manifest.categories) {
      const own = posts.filter((p) => p.category === category.slug)
      const newest = Math.max(...own.map((p) => Date.parse(p.iso)))
      const expected = own.length > 0 ? rank(own, newest) : []
      if (expected.length === 0) {
        expect(category.hot, category.slug).toBeUndefined()
        continue
      }
      withHot++
      const hot = data.read(category.hot ?? '', CategoryHotSchema)
      expect(hot.slug).toBe(category.slug)
      expect(Date.parse(hot.until), category.slug).toBe(newest)
      expect(hot.items.map((h) => [h.secid, h.count]), category.slug).toEqual(expected)
      for (const h of hot.items) {
        expect(h.name).toBe(data.security(h.secid)?.name)
        expect(h.spark, `${category.slug} ${h.secid}`).toEqual(sparkOf(own, h.secid, newest))
      }
    }
    // The corpus has categories whose last day mentions securities, and categories (media columns) whose does not.
    expect(withHot).toBeGreaterThan(1)
    expect(withHot).toBeLessThan(data.manifest.categories.length)
  })
})

describe('a security’s history', () => {
  it('counts stories by Beijing day on both sides of 1970, and those without a date apart', async () => {
    const posts = tempDir('history-posts')
    const out = tempDir('history-out')
    const mention = '<span id="stock_105.XHAU"><a href="http://quote.eastmoney.com/unify/r/105.XHAU" class="keytip" data-code="105,XHAU">星河汽车</a></span>'
    const write = (file: string, date: string): void =>
      writeFileSync(join(posts, file), `---\ntitle: "星河汽车 ${file}"\ndate: ${date}\ncategories: emnews\n---\n<p>${mention}发布公告。</p>\n`)
    // 1969-12-31 23:30 in Beijing is 15:30 UTC, before the epoch; 00:30 and 07:59 on 1970-01-01 are the
    // next Beijing day, the second of them still before 08:00, the epoch in Beijing.
    write('1969-12-31-100000000000000001.md', '1969-12-31 23:30:00 +0800')
    write('1970-01-01-100000000000000002.md', '1970-01-01 00:30:00 +0800')
    write('1970-01-01-100000000000000003.md', '1970-01-01 07:59:00 +0800')
    write('1970-01-02-100000000000000004.md', '1970-01-02 09:00:00 +0800')
    write('-100000000000000005.md', '+0800')
    await build({ posts, out })
    const data = new DataFolder(out)
    const history = data.read(data.security('105.XHAU')?.history ?? '', SecurityHistorySchema)
    expect(history.days).toEqual([
      ['1969-12-31', 1],
      ['1970-01-01', 2],
      ['1970-01-02', 1],
    ])
    expect(history.undated).toBe(1)
  })
})

describe('a category’s 热门 as its posts are edited', () => {
  it('follows an edit inside its 30 days as a clean build does, and one of an older post too', async () => {
    const posts = tempDir('hot-posts')
    const out = tempDir('hot-out')
    const cacheDir = tempDir('hot-cache')
    const mention = (secid: string, name: string): string =>
      `<span id="stock_${secid}"><a href="http://quote.eastmoney.com/unify/r/${secid}" class="keytip" data-code="${secid.replace('.', ',')}">${name}</a></span>`
    const XHAU = mention('105.XHAU', '星河汽车')
    const YBLU = mention('105.YBLU', '远蓝科技')
    const write = (file: string, date: string, body: string): void =>
      writeFileSync(join(posts, file), `---\ntitle: "快讯 ${file}"\ndate: ${date}\ncategories: emnews\n---\n<p>${body}发布公告。</p>\n`)
    write('2023-05-01-200000000000000001.md', '2023-05-01 10:00:00 +0800', '行业')
    write('2023-06-30-200000000000000002.md', '2023-06-30 09:00:00 +0800', XHAU)
    write('2023-06-30-200000000000000003.md', '2023-06-30 10:00:00 +0800', '市场')
    const hotOf = (folder: string): [string, number][] => {
      const data = new DataFolder(folder)
      const category = data.manifest.categories.find((c) => c.slug === 'emnews')
      return data.read(category?.hot ?? '', CategoryHotSchema).items.map((h) => [h.secid, h.count])
    }
    const clean = async (): Promise<[string, number][]> => {
      const fresh = tempDir('hot-clean')
      await build({ posts, out: fresh })
      return hotOf(fresh)
    }
    await build({ posts, out, cacheDir })
    expect(hotOf(out)).toEqual([['105.XHAU', 1]])

    // The newest day's post now mentions a security 热门 did not list: it is counted.
    write('2023-06-30-200000000000000003.md', '2023-06-30 10:00:00 +0800', `市场${YBLU}`)
    await build({ posts, out, cacheDir })
    expect(hotOf(out)).toEqual([['105.XHAU', 1], ['105.YBLU', 1]])
    expect(hotOf(out)).toEqual(await clean())

    // A post two months older mentions both: outside the 30 days, 热门 stays as it was.
    write('2023-05-01-200000000000000001.md', '2023-05-01 10:00:00 +0800', `行业${XHAU}${YBLU}`)
    await build({ posts, out, cacheDir })
    expect(hotOf(out)).toEqual([['105.XHAU', 1], ['105.YBLU', 1]])
    expect(hotOf(out)).toEqual(await clean())

    // The newest post removed: the window moves back with the newest article, to the first post's day.
    rmSync(join(posts, '2023-06-30-200000000000000003.md'))
    rmSync(join(posts, '2023-06-30-200000000000000002.md'))
    await build({ posts, out, cacheDir })
    expect(hotOf(out)).toEqual([['105.XHAU', 1], ['105.YBLU', 1]])
    expect(hotOf(out)).toEqual(await clean())
  })
})

describe('a category’s sparklines, kept by day between builds', () => {
  it('follow edits and a window that moves on and back, as a clean build does', async () => {
    const posts = tempDir('spark-posts')
    const out = tempDir('spark-out')
    const cacheDir = tempDir('spark-cache')
    const XHAU = '<span id="stock_105.XHAU"><a href="http://quote.eastmoney.com/unify/r/105.XHAU" class="keytip" data-code="105,XHAU">星河汽车</a></span>'
    const write = (file: string, date: string, body: string, category = 'emnews'): void =>
      writeFileSync(join(posts, file), `---\ntitle: "快讯 ${file.slice(0, 10)}"\ndate: ${date} 10:00:00 +0800\ncategories: ${category}\n---\n<p>${body}发布公告。</p>\n`)
    const post = (n: string, date: string, body: string): void => write(`${date}-20000000000000000${n}.md`, date, body)
    /** The sparkline of XHAU in emnews's 热门, as the days (of June and July 2023) it counts one story. */
    const sparkOf = (folder: string): { days: string[]; json: unknown } => {
      const data = new DataFolder(folder)
      const hot = data.read(data.manifest.categories.find((c) => c.slug === 'emnews')?.hot ?? '', CategoryHotSchema)
      const spark = hot.items.find((h) => h.secid === '105.XHAU')?.spark ?? []
      const last = Date.parse(`${hot.until.slice(0, 10)}T00:00:00Z`)
      const days = spark.flatMap((n, i) => (n === 1 ? [new Date(last - (SPARK_DAYS - 1 - i) * 86_400_000).toISOString().slice(0, 10)] : []))
      return { days, json: hot }
    }
    const step = async (expected: string[]): Promise<void> => {
      await build({ posts, out, cacheDir })
      const fresh = tempDir('spark-clean')
      await build({ posts, out: fresh })
      expect(sparkOf(out).days).toEqual(expected)
      expect(sparkOf(out).json).toEqual(sparkOf(fresh).json)
    }
    post('1', '2023-06-10', XHAU)
    post('2', '2023-06-20', XHAU)
    post('3', '2023-06-30', XHAU)
    await step(['2023-06-10', '2023-06-20', '2023-06-30'])

    // A day inside the window edited: its count changes, the others are kept.
    post('2', '2023-06-20', '行业')
    await step(['2023-06-10', '2023-06-30'])

    // Mentioned again, in its other column too (a twin): counted once.
    post('2', '2023-06-20', XHAU)
    write('2023-06-20-NW200000000000000002.md', '2023-06-20', XHAU, 'cmnews')
    await step(['2023-06-10', '2023-06-20', '2023-06-30'])

    // A post added to a day inside the window, and removed again.
    post('5', '2023-06-25', XHAU)
    await step(['2023-06-10', '2023-06-20', '2023-06-25', '2023-06-30'])
    rmSync(join(posts, '2023-06-25-200000000000000005.md'))
    await step(['2023-06-10', '2023-06-20', '2023-06-30'])

    // A newer post moves the window on; a day it left is edited meanwhile; the newer post removed moves it back.
    post('4', '2023-07-08', XHAU)
    await step(['2023-06-10', '2023-06-20', '2023-06-30', '2023-07-08'])
    post('1', '2023-06-10', '行业')
    post('0', '2023-06-05', XHAU)
    await step(['2023-06-20', '2023-06-30', '2023-07-08'])
    rmSync(join(posts, '2023-07-08-200000000000000004.md'))
    await step(['2023-06-05', '2023-06-20', '2023-06-30'])
  })
})
