// The search index as an output of the incremental build: new posts rewrite only the segment of their day
// (and the small root), an edit of an old post only its month, a new month folds the last one's days into
// one segment, and every build's index equals a clean build's, byte for byte, also from a damaged cache.
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { build, readTree, removeTempDirs, tempDir } from './support/data-folder.ts'
import type { ContentResult } from '../../src/pipeline/build-content.ts'
import { generatePosts } from './support/generate-posts.ts'
import { bruteForce, fileSource, scanArticles, searchIndexFiles, searchRoot } from './support/search-files.ts'
import type { SearchDoc } from '../../src/content/search.ts'
import { oneCopyEach } from '../../src/features/search/api/use-search.ts'
import { SearchRun, ShardCache } from '../../src/features/search/engine.ts'

afterAll(removeTempDirs)

function post(date: string, title: string, body: string): string {
  return `---\nlayout: post\ntitle: "${title}"\ndate: ${date} +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>${body}</p>\n`
}

/** The search files of a data folder, by name. */
function searchFilesOf(out: string): Map<string, Buffer> {
  const tree = readTree(out)
  return new Map(searchIndexFiles(out).map((f) => [f, tree.get(f) as Buffer]))
}

async function expectSameAsClean(posts: string, out: string): Promise<void> {
  const clean = tempDir('search-clean')
  await build({ posts, out: clean })
  expect([...searchFilesOf(out).keys()].sort()).toEqual([...searchFilesOf(clean).keys()].sort())
  for (const [name, bytes] of searchFilesOf(clean)) expect(readFileSync(join(out, name)).equals(bytes), name).toBe(true)
}

async function totalOf(out: string, word: string): Promise<number> {
  const source = fileSource(out)
  return new SearchRun(new ShardCache(source), await source.root(), [word], {}).total()
}

describe('the search index, built incrementally', () => {
  it('rewrites only the new posts\' day, an edited post\'s month, and folds a finished month into one segment', async () => {
    const posts = tempDir('search-posts')
    const out = tempDir('search-out')
    const cacheDir = tempDir('search-cache')
    const files = generatePosts(posts, 300)
    await build({ posts, out, cacheDir })
    const first = searchRoot(out)?.root
    expect(first?.segments.map((s) => s.key).slice(0, 3)).toEqual(['2023-07-09', '2023-07-08', '2023-07-07'])
    expect(first?.segments.some((s) => s.key === '2023-06')).toBe(true)
    const before = searchFilesOf(out)

    // Two new posts on the newest day: that day's segment and the root, nothing else.
    writeFileSync(join(posts, '2023-07-09-202307099000000001.md'), post('2023-07-09 20:00:00', '新增快讯一', '独角兽企业发布新品'))
    writeFileSync(join(posts, '2023-07-09-202307099000000002.md'), post('2023-07-09 21:00:00', '新增快讯二', '独角兽估值上调'))
    await build({ posts, out, cacheDir })
    const after = searchFilesOf(out)
    const added = [...after.keys()].filter((f) => !before.has(f))
    const gone = [...before.keys()].filter((f) => !after.has(f))
    expect(added.every((f) => f.startsWith('search/2023-07-09.') || f.startsWith('search/root-')), added.join(' ')).toBe(true)
    expect(gone.every((f) => f.startsWith('search/2023-07-09.') || f.startsWith('search/root-')), gone.join(' ')).toBe(true)
    expect(await totalOf(out, '独角兽')).toBe(2)
    await expectSameAsClean(posts, out)

    // An old post edited: its month's segment is rewritten, no other.
    const old = files.find((f) => f.startsWith('2023-04-10')) as string
    writeFileSync(join(posts, old), readFileSync(join(posts, old), 'utf8').replace('经营情况稳定', '经营情况稳定，罕见词汇出现'))
    const beforeEdit = searchFilesOf(out)
    await build({ posts, out, cacheDir })
    const changed = [...searchFilesOf(out).keys()].filter((f) => !beforeEdit.has(f))
    expect(changed.every((f) => f.startsWith('search/2023-04.') || f.startsWith('search/root-')), changed.join(' ')).toBe(true)
    expect(await totalOf(out, '罕见词汇')).toBe(1)
    await expectSameAsClean(posts, out)

    // The days a month is merged from are kept in the cache; kept bytes that do not add up (a damaged cache)
    // are built again, never published.
    const cacheFile = readdirSync(cacheDir).find((f) => f.endsWith('.sqlite')) as string
    const db = new Database(join(cacheDir, cacheFile))
    const damaged = db.prepare("UPDATE search_days SET terms = substr(terms, 1, length(terms) / 2) WHERE day LIKE '2023-04-%'").run().changes
    db.close()
    expect(damaged).toBeGreaterThan(1)
    writeFileSync(join(posts, old), readFileSync(join(posts, old), 'utf8').replace('罕见词汇出现', '罕见词汇再次出现'))
    await build({ posts, out, cacheDir })
    expect(await totalOf(out, '再次出现')).toBe(1)
    await expectSameAsClean(posts, out)

    // A post of a new month: July's days become one segment; August starts with one day.
    writeFileSync(join(posts, '2023-08-01-202308019000000001.md'), post('2023-08-01 08:00:00', '八月快讯', '独角兽再度融资'))
    await build({ posts, out, cacheDir })
    const keys = searchRoot(out)?.root.segments.map((s) => s.key)
    expect(keys?.slice(0, 2)).toEqual(['2023-08-01', '2023-07'])
    expect(await totalOf(out, '独角兽')).toBe(3)
    await expectSameAsClean(posts, out)

    // Removing a post takes it out of the index.
    rmSync(join(posts, '2023-07-09-202307099000000001.md'))
    await build({ posts, out, cacheDir })
    expect(await totalOf(out, '独角兽')).toBe(2)
    const all = scanArticles(out)
    expect(await totalOf(out, '经营')).toBe(bruteForce(all, ['经营']).size)
    await expectSameAsClean(posts, out)
  }, 120_000)

  it('writes of an edited post\'s month only the files whose bytes changed, and links the rest to the bytes already there', async () => {
    const posts = tempDir('search-posts')
    const out = tempDir('search-out')
    const cacheDir = tempDir('search-cache')
    const files = generatePosts(posts, 300)
    await build({ posts, out, cacheDir })
    const inodes = (): Map<string, number> => new Map(searchIndexFiles(out).filter((f) => existsSync(join(out, f))).map((f) => [f, statSync(join(out, f)).ino]))
    const month = (f: string): boolean => f.startsWith('search/2023-04.')

    /** Edits an old post of April; returns the new files of April's segment, split by whether their bytes are new. */
    const editApril = async (from: string, to: string): Promise<{ linked: number; fresh: number; stats: ContentResult['stats'] }> => {
      const before = searchFilesOf(out)
      const beforeInodes = inodes()
      // (A file removed by hand is named but not there: no bytes to link to.)
      const byBytes = new Map([...before].filter(([, bytes]) => bytes !== undefined).map(([f, bytes]) => [bytes.toString('base64'), f]))
      const old = files.find((f) => f.startsWith('2023-04-10')) as string
      writeFileSync(join(posts, old), readFileSync(join(posts, old), 'utf8').replace(from, to))
      const { stats } = await build({ posts, out, cacheDir })
      const after = searchFilesOf(out)
      const afterInodes = inodes()
      let linked = 0
      let fresh = 0
      for (const [f, bytes] of after) {
        if (before.has(f)) continue
        expect(month(f) || f.startsWith('search/root-'), f).toBe(true)
        const same = byBytes.get(bytes.toString('base64'))
        if (same === undefined) {
          fresh++
        } else {
          // The very file that held these bytes, under a second name: nothing written.
          expect(afterInodes.get(f), `${f} has the bytes of ${same}`).toBe(beforeInodes.get(same))
          linked++
        }
      }
      await expectSameAsClean(posts, out)
      return { linked, fresh, stats }
    }

    // A few words added to one post: a few shards and its documents file change, the rest of April does not.
    const edit = await editApril('经营情况稳定', '经营情况稳定，罕见词汇出现')
    expect(edit.fresh).toBeGreaterThan(0)
    expect(edit.linked).toBeGreaterThan(edit.fresh)
    expect(edit.stats.filesLinked).toBe(edit.linked)

    // A file to link to that went meanwhile (removed by hand) is written instead, and nothing else changes.
    const april = searchIndexFiles(out).filter(month)
    for (const f of april.slice(0, 5)) rmSync(join(out, f))
    const again = await editApril('罕见词汇出现', '罕见词汇再次出现')
    expect(again.stats.filesLinked).toBe(again.linked)
    expect(await totalOf(out, '再次出现')).toBe(1)
  }, 120_000)

  it('patches only the shards an edit reaches, for edits anywhere in old posts, as a clean build writes them', async () => {
    const posts = tempDir('search-posts')
    const out = tempDir('search-out')
    const cacheDir = tempDir('search-cache')
    const files = generatePosts(posts, 300)
    await build({ posts, out, cacheDir })
    // A seeded walk of edits of April's and May's posts: text put in, taken out or replaced at any place of a
    // body or a title (every later position of the post moves), a tag added.
    let seed = 20261204
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return seed % n
    }
    const old = files.filter((f) => f.startsWith('2023-04') || f.startsWith('2023-05'))
    const words = ['罕见', '储能电池', 'Lithium', '600519', '，', '北向资金净买入']
    for (let step = 0; step < 8; step++) {
      const file = old[random(old.length)] as string
      const text = readFileSync(join(posts, file), 'utf8')
      const body = text.indexOf('<p>') + 3
      const end = text.indexOf('</p>')
      const at = body + random(end - body)
      const word = words[random(words.length)] as string
      const edited = [
        () => text.slice(0, at) + word + text.slice(at),
        () => text.slice(0, at) + text.slice(at + 1 + random(3)),
        () => text.replace(/title: "/, `title: "${word}`),
        () => text.replace('tags: 东财滚动新闻', 'tags: [东财滚动新闻, 新标签]'),
      ][step % 4] as () => string
      writeFileSync(join(posts, file), edited())
      const { stats } = await build({ posts, out, cacheDir })
      expect(stats.segmentsPatched, `step ${step}: ${file}`).toBe(1)
      // Its day's terms too: only the edited post was read again.
      expect(stats.searchDaysPatched, `step ${step}: ${file}`).toBe(1)
      await expectSameAsClean(posts, out)
    }

    // A post moved to another time of its day: the day's articles move in it, so the day is built again.
    const moved = old.find((f) => readFileSync(join(posts, f), 'utf8').includes(' 08:00:00 +0800')) as string
    writeFileSync(join(posts, moved), readFileSync(join(posts, moved), 'utf8').replace(' 08:00:00 +0800', ' 23:59:59 +0800'))
    const later = await build({ posts, out, cacheDir })
    expect(later.stats.searchDaysPatched).toBe(0)
    await expectSameAsClean(posts, out)

    // A file of the month gone from the folder: the edit after it merges the month whole, as a clean build.
    // (The documents of its last days, which the edit at its start does not reach, so that file is carried.)
    rmSync(join(out, 'search', readdirSync(join(out, 'search')).find((f) => /^2023-04\..*\.d0\.json$/.test(f)) as string))
    const another = old[1] as string
    writeFileSync(join(posts, another), readFileSync(join(posts, another), 'utf8').replace('经营情况稳定', '经营情况稳定，另一处改动'))
    const damaged = await build({ posts, out, cacheDir })
    expect(damaged.stats.segmentsPatched).toBe(0)
    await expectSameAsClean(posts, out)

    // A post removed: its day has one article less, and its month is merged whole.
    rmSync(join(posts, old[0] as string))
    const { stats } = await build({ posts, out, cacheDir })
    expect(stats.segmentsPatched).toBe(0)
    expect(stats.searchDaysPatched).toBe(0)
    await expectSameAsClean(posts, out)
  }, 120_000)

  it('keeps the undated articles\' terms in runs, so a new undated post rebuilds the terms of a few of them, not all', async () => {
    const posts = tempDir('undated-posts')
    const out = tempDir('undated-out')
    const cacheDir = tempDir('undated-cache')
    generatePosts(posts, 20)
    const undated = (n: number): string => post('2023-04-01 09:00:00', `无日期快讯${n}`, `第${n}条没有日期的快讯`).replace('date: 2023-04-01 09:00:00 +0800', 'date: +0800')
    for (let n = 100; n < 160; n++) writeFileSync(join(posts, `u-${n}.md`), undated(n))
    const sizes = { undatedRun: 4 }
    /** The undated articles' kept terms: run → hash. */
    const runs = (): Map<string, string> => {
      const db = new Database(join(cacheDir, readdirSync(cacheDir).find((f) => f.endsWith('.sqlite')) as string), { readonly: true })
      const rows = db.prepare("SELECT day, hash FROM search_days WHERE day LIKE 'undated%'").all() as { day: string; hash: string }[]
      db.close()
      return new Map(rows.map((r) => [r.day, r.hash]))
    }
    await build({ posts, out, cacheDir, sizes })
    const before = runs()
    expect(before.size, 'runs of 2 to 6 of the 60 undated articles').toBeGreaterThanOrEqual(10)
    expect(await totalOf(out, '没有日期')).toBe(60)

    // One more undated post, whose id sorts among the others: the runs around it change, the rest are kept.
    writeFileSync(join(posts, 'u-1305.md'), undated(1305))
    await build({ posts, out, cacheDir, sizes })
    const after = runs()
    const rebuilt = [...after].filter(([day, hash]) => before.get(day) !== hash)
    expect(rebuilt.length).toBeGreaterThanOrEqual(1)
    expect(rebuilt.length, rebuilt.map(([day]) => day).join(' ')).toBeLessThanOrEqual(2)
    expect(await totalOf(out, '没有日期')).toBe(61)
    await expectSameAsClean(posts, out)

    // The runs of posts gone are not kept: one is left, for the generated archive's own undated post.
    for (const f of readdirSync(posts)) if (f.startsWith('u-')) rmSync(join(posts, f))
    await build({ posts, out, cacheDir, sizes })
    expect(runs().size).toBe(1)
    expect(await totalOf(out, '没有日期')).toBe(0)
    await expectSameAsClean(posts, out)
  }, 120_000)

  it('names a story\'s other copy in its search document when the twin arrives later, and forgets it when it goes', async () => {
    const posts = tempDir('twin-posts')
    const out = tempDir('twin-out')
    const cacheDir = tempDir('twin-cache')
    generatePosts(posts, 60)
    const first = '2023-04-05-202304059000000001.md'
    writeFileSync(join(posts, first), post('2023-04-05 09:00:00', '白鹭科技获得订单', '白鹭科技公告获得大额订单'))
    await build({ posts, out, cacheDir })
    const words = ['白鹭科技']
    const docsOf = async (): Promise<SearchDoc[]> => {
      const source = fileSource(out)
      const run = new SearchRun(new ShardCache(source), await source.root(), words, {})
      return Promise.all((await run.more(20)).map((hit) => run.doc(hit)))
    }
    expect((await docsOf()).map((d) => [d[0], d[5], d[6]])).toEqual([['202304059000000001', undefined, undefined]])

    // The same Eastmoney number under a second writer, a day later: a twin of an article of an old month.
    const copy = '2023-04-06-NW202304059000000001.md'
    writeFileSync(join(posts, copy), post('2023-04-06 09:00:00', '白鹭科技获得订单', '白鹭科技公告获得大额订单').replace('categories: emnews', 'categories: zhongguoxinwenwang'))
    await build({ posts, out, cacheDir })
    const both = await docsOf()
    expect(both.map((d) => [d[0], d[5], d[6]])).toEqual([
      ['NW202304059000000001', [{ id: '202304059000000001', category: 'emnews' }], 1],
      ['202304059000000001', [{ id: 'NW202304059000000001', category: 'zhongguoxinwenwang' }], undefined],
    ])
    // The result list shows the story once: the copy lists spanning writers show, naming the other.
    expect(oneCopyEach([], both).map((d) => d[0])).toEqual(['202304059000000001'])
    await expectSameAsClean(posts, out)

    rmSync(join(posts, copy))
    await build({ posts, out, cacheDir })
    expect((await docsOf()).map((d) => [d[0], d[5], d[6]])).toEqual([['202304059000000001', undefined, undefined]])
    await expectSameAsClean(posts, out)
  }, 120_000)
})

describe('a build without the search index (--no-search)', () => {
  it('names none and removes the last one, and the next build with search writes the index a clean build writes', async () => {
    const posts = tempDir('nosearch-posts')
    const out = tempDir('nosearch-out')
    const cacheDir = tempDir('nosearch-cache')
    const files = generatePosts(posts, 120)
    await build({ posts, out, cacheDir })
    const manifest = (): { search?: string } => JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { search?: string }
    expect(manifest().search).toBeDefined()
    expect(searchFilesOf(out).size).toBeGreaterThan(0)

    // Built without it, after an edit: no root in the manifest, no search file left on disk.
    const edited = files[5] as string
    writeFileSync(join(posts, edited), readFileSync(join(posts, edited), 'utf8').replace('</p>', '，无索引期间的改动</p>'))
    const result = await build({ posts, out, cacheDir, search: false })
    expect(result.report.problems).toEqual([])
    expect(manifest().search).toBeUndefined()
    expect(searchFilesOf(out).size).toBe(0)

    // With search again, after another edit: the whole index, as a clean build writes it, finds both edits.
    writeFileSync(join(posts, '2023-07-09-202307099000000003.md'), post('2023-07-09 22:00:00', '恢复索引', '索引恢复后的新文章'))
    await build({ posts, out, cacheDir })
    expect(manifest().search).toBeDefined()
    expect(await totalOf(out, '无索引期间')).toBe(1)
    expect(await totalOf(out, '索引恢复后')).toBe(1)
    await expectSameAsClean(posts, out)
  }, 120_000)
})

describe('one result per story', () => {
  const doc = (id: string, twins?: string[], secondary?: 1): SearchDoc => [
    id,
    `articles/${id}.json`,
    '2023-04-05T09:00:00+08:00',
    'emnews',
    id,
    ...(twins ? [twins.map((t) => ({ id: t, category: 'other' })), ...(secondary ? [secondary] : [])] : []),
  ] as SearchDoc

  it('keeps the first copy met, or the one spanning lists show when both are on the page, and skips copies of stories listed earlier', () => {
    expect(oneCopyEach([], [doc('a'), doc('b2', ['b1'], 1), doc('c'), doc('b1', ['b2'])]).map((d) => d[0])).toEqual(['a', 'c', 'b1'])
    // Only the secondary copy matched: it is the result.
    expect(oneCopyEach([], [doc('a'), doc('b2', ['b1'], 1)]).map((d) => d[0])).toEqual(['a', 'b2'])
    // Its twin was listed on an earlier page.
    expect(oneCopyEach([doc('b2', ['b1'], 1)], [doc('b1', ['b2']), doc('d')]).map((d) => d[0])).toEqual(['d'])
    // Three copies of one story: one result.
    expect(oneCopyEach([], [doc('x1', ['x2', 'x3']), doc('x2', ['x1', 'x3'], 1), doc('x3', ['x1', 'x2'], 1)]).map((d) => d[0])).toEqual(['x1'])
  })
})
