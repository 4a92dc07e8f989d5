// The day files (jump to a date): from a feed's newest page, any Beijing day with articles is one day file
// and one page away, that page holds the day's newest article, and the reader goes on from there through
// every older page (the rest of its list, then the lists the newest list names); a new post rewrites its year's day file and no older year's.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DayFileSchema, type DayEntry } from '../../src/content/day-index.ts'
import { FeedPageSchema, PageListSchema, type FeedItem, type FeedRef } from '../../src/content/schema.ts'
import type { OutputSizes } from '../../src/pipeline/outputs/sizes.ts'
import { cursorInList } from '../../src/features/feed/api/day-cursor.ts'
import { listRead, loadedPage, type FeedCursor } from '../../src/features/feed/api/feed-query.ts'
import { expectSafeFiles } from './support/data-checks.ts'
import { build, DataFolder, readTree, removeTempDirs, tempDir } from './support/data-folder.ts'

afterAll(removeTempDirs)

const TINY: Partial<OutputSizes> = { page: 5, list: 3, shardKeys: 8, maxShards: 64 }
const CATEGORIES = ['emnews', 'lanshanribao', 'kuaixun'] as const

/** A seeded generator, so the archive is the same every run. */
function random(seed: number): () => number {
  let s = seed
  return () => {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31
    return s / 2 ** 31
  }
}

interface Written {
  file: string
  date: string | null
}

/**
 * `count` posts from 2021-12-20 on, 0 to 6 a Beijing day (days without any between), in three categories,
 * some tagged 储能; and one undated post, which no day lists.
 */
function writePosts(dir: string, count: number, seed = 7): Written[] {
  mkdirSync(dir, { recursive: true })
  const next = random(seed)
  const written: Written[] = []
  let day = Date.UTC(2021, 11, 20)
  for (let i = 0; written.length < count; ) {
    const today = Math.floor(next() * 7)
    for (let j = 0; j < today && written.length < count; j++, i++) {
      const clock = new Date(day + Math.floor(next() * 86_400) * 1000).toISOString()
      const date = `${clock.slice(0, 10)} ${clock.slice(11, 19)} +0800`
      written.push(writePost(dir, i, date))
    }
    day += 86_400_000
  }
  written.push(writePost(dir, count, null))
  return written
}

function writePost(dir: string, i: number, date: string | null): Written {
  const id = `day${String(i).padStart(6, '0')}`
  const file = date ? `${date.slice(0, 10)}-${id}.md` : `-${id}.md`
  const tags = i % 4 === 0 ? '[东财滚动新闻, 储能]' : '东财滚动新闻'
  writeFileSync(
    join(dir, file),
    `---\nlayout: post\ntitle: "第${i}条快讯"\ndate: ${date ?? ' +0800'}\ncategories: ${CATEGORIES[i % 3] ?? 'emnews'}\ntags: ${tags}\n---\n<p>第${i}条快讯正文。</p>\n`,
  )
  return { file, date }
}

const dayOf = (item: FeedItem): string | null => item.date?.slice(0, 10) ?? null

function everyFeed(data: DataFolder): FeedRef[] {
  const { manifest } = data
  return [manifest.feed, ...manifest.categories.map((c) => c.feed), ...manifest.tags.map((t) => t.feed)]
}

/** A feed's day entries, newest first, as the reader reads them: its newest page's years, then each year's file. */
function dayEntries(data: DataFolder, ref: FeedRef): DayEntry[] {
  if (ref.head === null) return []
  const head = data.read(ref.head, FeedPageSchema)
  return (head.days ?? []).flatMap(([, , file]) => data.read(file, DayFileSchema).days)
}

describe('day files', () => {
  it('list every day of every feed that has articles, and lead to the page holding its newest article, with the older pages after it', async () => {
    const posts = tempDir('posts')
    writePosts(posts, 260)
    const out = tempDir('out')
    await build({ posts, out, sizes: TINY })
    expectSafeFiles(out)
    const data = new DataFolder(out)
    let checked = 0
    for (const ref of everyFeed(data)) {
      const pages = data.feedPages(ref)
      const items = pages.flatMap(({ page }) => page.items)
      // What the feed itself says: its days newest first, each once.
      const days = [...new Set(items.map(dayOf).filter((d): d is string => d !== null))]
      const entries = dayEntries(data, ref)
      expect(entries.map(([day]) => day)).toEqual(days)
      const head = data.read(ref.head ?? '', FeedPageSchema)
      const years = head.days ?? []
      // Years newest first, each named with its newest and oldest day.
      expect(years.map(([newest]) => newest.slice(0, 4))).toEqual([...new Set(days.map((d) => d.slice(0, 4)))])
      for (const [newest, oldest, file] of years) {
        const inYear = days.filter((d) => d.startsWith(newest.slice(0, 4)))
        expect([newest, oldest]).toEqual([inYear[0], inYear.at(-1)])
        expect(data.read(file, DayFileSchema).days.every(([d]) => d.startsWith(newest.slice(0, 4)))).toBe(true)
      }
      for (const [day, page, list, pos] of entries) {
        const newestOfDay = items.find((item) => dayOf(item) === day)
        if (page === null) {
          expect(pages[0]?.page.items).toContainEqual(newestOfDay)
          continue
        }
        // The page holds the day's newest article and every newer article is on a newer page.
        const at = pages.findIndex((p) => p.path === page)
        expect(pages[at]?.page.items).toContainEqual(newestOfDay)
        // The list names that page at `pos`; from there the reader's cursor reads every older page in order (the
        // rest of that list, then the older lists the newest list names).
        const named = data.read(list, PageListSchema)
        expect(named.pages[pos]).toBe(page)
        const newestList = head.older === null ? null : { path: head.older, list: data.read(head.older, PageListSchema) }
        let cursor = cursorInList(list, named, pos, newestList)
        const read: string[] = []
        while (cursor !== null) {
          const known: FeedCursor = cursor.pages.length > 0 ? cursor : listRead(data.read(cursor.lists[0] ?? '', PageListSchema), cursor)
          const path = known.pages[0] ?? ''
          read.push(path)
          cursor = loadedPage(path, data.read(path, FeedPageSchema), known).next
        }
        expect(read).toEqual(pages.slice(at).map((p) => p.path))
        checked++
      }
    }
    expect(checked).toBeGreaterThan(50)
  })

  it('a new post rewrites the day files of its own year only, and the build equals a clean one', async () => {
    const posts = tempDir('posts')
    writePosts(posts, 260)
    const out = tempDir('out')
    const cacheDir = tempDir('cache')
    await build({ posts, out, cacheDir, sizes: TINY })
    const before = new DataFolder(out)
    const oldYears = new Map(everyFeed(before).map((ref) => [ref.head, before.read(ref.head ?? '', FeedPageSchema).days ?? []]))
    const files2021 = [...oldYears.values()].flatMap((years) => years.filter(([d]) => d.startsWith('2021')).map(([, , f]) => f))
    expect(files2021.length).toBeGreaterThan(3)

    writePost(posts, 900, '2022-12-31 23:59:59 +0800')
    await build({ posts, out, cacheDir, sizes: TINY })
    const after = new DataFolder(out)
    const files = [...readTree(out).keys()]
    // Every 2021 file is still there, under the same name (same content).
    for (const file of files2021) expect(files).toContain(file)
    // The new day is listed first, on the newest page, in every feed of the post.
    const entries = dayEntries(after, after.manifest.feed)
    expect(entries[0]).toEqual(['2022-12-31', null, null, null])

    const clean = tempDir('clean')
    await build({ posts, out: clean, sizes: TINY })
    const a = readTree(out)
    const b = readTree(clean)
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
    expect([...a].filter(([path, bytes]) => !b.get(path)?.equals(bytes)).map(([path]) => path)).toEqual([])
  })
})
