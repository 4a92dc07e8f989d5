// The data folder as a whole: safe in every file, feeds that hold together, and the same bytes every time.
import { readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { MANIFEST_FILE } from '../../src/content/schema.ts'
import { openIndex } from '../../src/pipeline/build-content.ts'
import { MIN_FILES_FOR_WORKERS } from '../../src/pipeline/read/post-workers.ts'
import { CORPUS_CATEGORIES, CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { expectConsistentFeeds, expectNoOrphans, expectSafeFiles } from './support/data-checks.ts'
import { build, copyDir, DataFolder, FIXTURE_CATEGORIES, FIXTURE_POSTS, FIXTURE_SITE, mtimes, readTree, removeTempDirs, tempDir } from './support/data-folder.ts'
import { generatePosts } from './support/generate-posts.ts'
import { listFilesDeep } from './support/raw-post.ts'

afterAll(removeTempDirs)

function expectSameTree(a: Map<string, Buffer>, b: Map<string, Buffer>): void {
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
  const different = [...a].filter(([path, bytes]) => !b.get(path)?.equals(bytes)).map(([path]) => path)
  expect(different).toEqual([])
}

describe('the fixture site', () => {
  it('writes only safe, schema-valid files, even from the hostile post', async () => {
    const out = tempDir('out')
    const result = await build({ posts: FIXTURE_POSTS, categories: FIXTURE_CATEGORIES, out })
    expect(result.report.written).toBeGreaterThan(5)
    expect(readTree(out).keys()).toContain(new DataFolder(out).articlePath('202303030000000105'))
    expectSafeFiles(out)
  })

  it('has feeds, categories, tags and securities that agree with the articles, and no stray file', async () => {
    const out = tempDir('out')
    await build({ posts: FIXTURE_POSTS, categories: FIXTURE_CATEGORIES, out })
    const data = new DataFolder(out)
    const articles = expectConsistentFeeds(data)
    expect(articles.size).toBe(data.manifest.counts.articles)
    expect(data.manifest.counts.securities).toBeGreaterThanOrEqual(5)
    expectNoOrphans(data)
  })

  it('writes the same bytes into a fresh folder on a second run', async () => {
    const first = tempDir('out')
    const second = tempDir('out')
    await build({ posts: FIXTURE_POSTS, categories: FIXTURE_CATEGORIES, out: first })
    await build({ posts: FIXTURE_POSTS, categories: FIXTURE_CATEGORIES, out: second })
    expectSameTree(readTree(first), readTree(second))
  })

  it('rewrites and removes nothing when built again into the same folder', async () => {
    const out = tempDir('out')
    await build({ posts: FIXTURE_POSTS, categories: FIXTURE_CATEGORIES, out })
    const before = readTree(out)
    const times = mtimes(out)
    const again = await build({ posts: FIXTURE_POSTS, categories: FIXTURE_CATEGORIES, out })
    expect(again.stats.filesWritten).toBe(0)
    expect(again.stats.filesRemoved).toBe(0)
    expectSameTree(before, readTree(out))
    const touched = [...mtimes(out)].filter(([path, t]) => path !== MANIFEST_FILE && times.get(path) !== t).map(([path]) => path)
    expect(touched).toEqual([])
  })

  it('stamps the manifest with the time of the newest input, not the clock', async () => {
    const posts = copyDir(FIXTURE_SITE, join(tempDir('site'), 'site'))
    const newest = Date.UTC(2023, 2, 10, 1, 2, 3)
    listFilesDeep(join(posts, '_posts')).forEach((file, i) => {
      const t = new Date(newest - i * 60_000)
      utimesSync(join(posts, '_posts', file), t, t)
    })
    const out = tempDir('out')
    await build({ posts: join(posts, '_posts'), out })
    expect(new DataFolder(out).manifest.builtAt).toBe(new Date(newest).toISOString())
  })
})

describe('a larger generated archive', () => {
  it('pages every feed, lists every article exactly once and newest first, with undated posts last', async () => {
    const posts = tempDir('posts')
    const files = generatePosts(posts, 137)
    const out = tempDir('out')
    const result = await build({ posts, out })
    expect(result.report.read).toBe(files.length)
    expect(result.report.rejected).toEqual([])
    const data = new DataFolder(out)
    expect(data.feedPages(data.manifest.feed).length).toBeGreaterThanOrEqual(3)
    expectConsistentFeeds(data)
    expectNoOrphans(data)
    const all = data.feedPages(data.manifest.feed).flatMap(({ page }) => page.items)
    expect(all.at(-1)?.date).toBeNull()
    expect(all.filter((i) => i.date === null)).toHaveLength(1)
  })

  it('writes the same bytes from a copy of the posts in another folder', async () => {
    const a = tempDir('posts')
    generatePosts(a, 60)
    const b = copyDir(a, join(tempDir('elsewhere'), 'nested', '_posts'))
    const t = new Date(Date.UTC(2023, 4, 1))
    for (const dir of [a, b]) for (const file of listFilesDeep(dir)) utimesSync(join(dir, file), t, t)
    const outA = tempDir('out')
    const outB = tempDir('out')
    await build({ posts: a, out: outA })
    await build({ posts: b, out: outB })
    expectSameTree(readTree(outA), readTree(outB))
  })
})

describe('parsing on several threads', () => {
  it('writes the same bytes on worker threads as on one thread', async () => {
    const posts = tempDir('posts')
    generatePosts(posts, MIN_FILES_FOR_WORKERS + 50)
    const one = tempDir('out')
    const four = tempDir('out')
    const single = await build({ posts, out: one, workers: 1 })
    const threaded = await build({ posts, out: four, workers: 4 })
    expect(threaded.report).toEqual(single.report)
    expectSameTree(readTree(one), readTree(four))
    expectNoOrphans(new DataFolder(four))
  })
})

describeCorpus('the corpus data folder', () => {
  it('holds no script, handler, javascript: URL or style attribute in any file', async () => {
    const out = tempDir('corpus')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    expectSafeFiles(out)
  })

  it('has feeds that visit every article once, newest first, with counts that match the manifest', async () => {
    const out = tempDir('corpus')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    const data = new DataFolder(out)
    expect(data.feedPages(data.manifest.feed).length).toBeGreaterThan(1)
    expectConsistentFeeds(data)
    expectNoOrphans(data)
  })

  it('gives a security its count, three newest headlines and a feed', async () => {
    const out = tempDir('corpus')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    const data = new DataFolder(out)
    const files = listFilesDeep(CORPUS_POSTS).filter((f) => f.startsWith('20'))
    const mentioning = files.filter((f) => /stock_106\.NIO|data-code="106,NIO"|data-code="K NIO\|106\|/.test(readFileSync(join(CORPUS_POSTS, f), 'utf8')))
    expect(mentioning.length).toBeGreaterThan(1)
    const nio = data.security('106.NIO')
    // A story posted by both writers (the same Eastmoney number, one id with NW) counts once.
    const stories = new Set(mentioning.map((f) => f.replace(/^\d{4}-\d{2}-\d{2}-(NW)?|\.md$/g, '')))
    expect(stories.size).toBeLessThan(mentioning.length)
    expect(nio).toMatchObject({ secid: '106.NIO', market: 106, code: 'NIO', kind: 'stock', exchange: 'US', count: stories.size })
    expect(nio?.headlines.length).toBe(Math.min(3, stories.size))
    const feed = data.feedPages(nio?.feed ?? { count: 0, head: null }).flatMap(({ page }) => page.items)
    expect(new Set(feed.map((i) => i.id.replace(/^NW/, '')))).toEqual(stories)
    expect(feed).toHaveLength(stories.size)
    expect(nio?.headlines.map((h) => h.id)).toEqual(feed.slice(0, 3).map((i) => i.id))
  })

  it('names a security as the articles write it (蔚来), not by the code shown when an article only charts it', async () => {
    // 2022-05-26-NW202205262391921712.md shows NIO only as a K-line chart; the other post names it 蔚来.
    const out = tempDir('corpus')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    expect(new DataFolder(out).security('106.NIO')?.name).toBe('蔚来')
  })

  it('writes the same bytes into a fresh folder, and nothing when built again into the same one', async () => {
    const first = tempDir('corpus')
    const second = tempDir('corpus')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out: first })
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out: second })
    expectSameTree(readTree(first), readTree(second))
    const times = mtimes(first)
    const again = await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out: first })
    expect(again.stats.filesWritten).toBe(0)
    expect(again.stats.filesRemoved).toBe(0)
    expectSameTree(readTree(first), readTree(second))
    expect([...mtimes(first)].filter(([path, t]) => path !== MANIFEST_FILE && times.get(path) !== t)).toEqual([])
  })
})

describe("a security's name", () => {
  it('is the one the posts still there write most, as they come and go, also in an index kept before names were counted', async () => {
    const mention = (text: string): string =>
      `<span id="stock_105.XHAU"><a href="http://quote.eastmoney.com/unify/r/105.XHAU" class="keytip" data-code="105,XHAU">${text}</a></span>`
    const post = (title: string, date: string, body: string): string => `---\ntitle: "${title}"\ndate: ${date} +0800\ncategories: emnews\n---\n<p>${body}</p>\n`
    const named = '2023-05-01-202305010000000001.md'
    const byCode = '2023-05-02-202305020000000002.md'
    const ws = { posts: tempDir('name-posts'), out: tempDir('name-out'), cacheDir: tempDir('name-cache') }
    const nameNow = async (): Promise<string | undefined> => {
      await build(ws)
      return new DataFolder(ws.out).security('105.XHAU')?.name
    }
    // The newer post writes only the code.
    writeFileSync(join(ws.posts, byCode), post('盘前异动', '2023-05-02 10:00:00', `${mention('XHAU')}盘前上涨。`))
    expect(await nameNow()).toBe('XHAU')
    writeFileSync(join(ws.posts, named), post('星河汽车发布新车', '2023-05-01 10:00:00', `${mention('星河汽车')}发布新车。`))
    expect(await nameNow()).toBe('星河汽车')
    rmSync(join(ws.posts, named))
    expect(await nameNow()).toBe('XHAU')
    writeFileSync(join(ws.posts, named), post('星河汽车发布新车', '2023-05-01 10:00:00', `${mention('星河汽车')}发布新车。`))
    expect(await nameNow()).toBe('星河汽车')
    // An index from before the names were counted counts them from its feeds' members: the newer post
    // edited, the security's entry is made again, still with the name the older post writes.
    const index = openIndex(ws.cacheDir, ws.posts, ws.out)
    index.db.exec('DROP TABLE feed_names')
    index.close()
    writeFileSync(join(ws.posts, byCode), post('盘前异动', '2023-05-02 10:00:00', `${mention('XHAU')}盘前上涨，成交放大。`))
    expect(await nameNow()).toBe('星河汽车')
  })
})
