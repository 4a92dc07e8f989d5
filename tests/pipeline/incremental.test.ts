// Cached rebuilds: only changed posts are parsed again, and the result is always what a clean build of the
// same posts writes, with files that are no longer referenced removed.
import { mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { FeedPageSchema } from '../../src/content/schema.ts'
import { PostCache } from '../../src/pipeline/index/post-cache.ts'
import { MIN_FILES_FOR_WORKERS } from '../../src/pipeline/read/post-workers.ts'
import { CORPUS_CATEGORIES, CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { build, copyDir, DataFolder, FIXTURE_SITE, readTree, removeTempDirs, tempDir } from './support/data-folder.ts'
import { generatePosts } from './support/generate-posts.ts'
import { listFilesDeep } from './support/raw-post.ts'

afterAll(removeTempDirs)

const T0 = Date.UTC(2023, 5, 1)

function setTimes(dir: string, time: number): void {
  for (const file of listFilesDeep(dir)) utimesSync(join(dir, file), new Date(time), new Date(time))
}

/** Rewrites a file with new text and a new modification time. */
function change(path: string, edit: (text: string) => string, time: number): void {
  const before = readFileSync(path, 'utf8')
  const after = edit(before)
  expect(after).not.toBe(before)
  writeFileSync(path, after)
  utimesSync(path, new Date(time), new Date(time))
}

/** A copy of a site in the temporary folder, with a cache and an output folder of its own. */
function workspace(siteDir: string): { posts: string; categories: string; out: string; cacheDir: string } {
  const root = tempDir('site')
  copyDir(siteDir, join(root, 'site'))
  const posts = join(root, 'site', '_posts')
  setTimes(posts, T0)
  return { posts, categories: join(root, 'site', 'category'), out: tempDir('out'), cacheDir: tempDir('cache') }
}

async function expectSameAsCleanBuild(posts: string, categories: string | null, out: string): Promise<void> {
  const clean = tempDir('clean')
  await build({ posts, categories, out: clean })
  const a = readTree(out)
  const b = readTree(clean)
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
  expect([...a].filter(([path, bytes]) => !b.get(path)?.equals(bytes)).map(([path]) => path)).toEqual([])
}

describe('incremental builds of the fixture site', () => {
  it('parses every post the first time and none when nothing changed', async () => {
    const ws = workspace(FIXTURE_SITE)
    const files = listFilesDeep(ws.posts)
    const first = await build(ws)
    expect(first.stats.parsed).toBe(files.length)
    const second = await build(ws)
    expect(second.stats.parsed).toBe(0)
    expect(second.stats.reused).toBe(files.length)
    expect(second.stats.filesWritten).toBe(0)
    expect(second.report).toEqual(first.report)
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })

  it('parses only the changed post, writes what a clean build writes, and removes what is no longer referenced', async () => {
    const ws = workspace(FIXTURE_SITE)
    await build(ws)
    const before = new DataFolder(ws.out)
    const oldPath = before.articlePath('202303010000000102')
    const neighbours = before.article('202303010000000102')
    expect(oldPath).not.toBeNull()
    expect(neighbours.older ?? neighbours.newer).not.toBeNull()

    change(join(ws.posts, '2023-03-01-202303010000000102.md'), (t) => t.replace('北辰精工获得海外订单', '北辰精工获得两笔海外订单'), T0 + 60_000)
    const result = await build(ws)
    expect(result.stats.parsed).toBe(1)
    expect(result.stats.filesRemoved).toBeGreaterThan(0)

    const after = new DataFolder(ws.out)
    expect(after.article('202303010000000102').title).toBe('北辰精工获得两笔海外订单')
    expect(readTree(ws.out).has(oldPath ?? '')).toBe(false)
    // The neighbours show the new title too.
    const near = neighbours.newer ?? neighbours.older
    const nearArticle = after.article(near?.id ?? '')
    expect([nearArticle.older?.title, nearArticle.newer?.title]).toContain('北辰精工获得两笔海外订单')
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })

  it('removes the files of a deleted post and lists it nowhere', async () => {
    const ws = workspace(FIXTURE_SITE)
    await build(ws)
    const oldPath = new DataFolder(ws.out).articlePath('202303090000000112')
    rmSync(join(ws.posts, '2023-03-09-202303090000000112.md'))
    const result = await build(ws)
    expect(result.stats.parsed).toBe(0)
    expect(result.stats.filesRemoved).toBeGreaterThan(0)
    const data = new DataFolder(ws.out)
    expect(data.articlePath('202303090000000112')).toBeNull()
    expect(readTree(ws.out).has(oldPath ?? '')).toBe(false)
    expect(data.feedPages(data.manifest.feed).flatMap(({ page }) => page.items).map((i) => i.id)).not.toContain('202303090000000112')
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })

  it('parses only a new post', async () => {
    const ws = workspace(FIXTURE_SITE)
    await build(ws)
    const file = join(ws.posts, '2023-03-10-202303100000000114.md')
    writeFileSync(file, '---\ntitle: "青禾数据回购股份"\ndate: 2023-03-10 12:00:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>青禾数据公告回购股份。</p>\n')
    utimesSync(file, new Date(T0), new Date(T0))
    const result = await build(ws)
    expect(result.stats.parsed).toBe(1)
    expect(result.manifest.latest?.id).toBe('202303100000000114')
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })

  it('writes the broken twin once the intact post of its id is deleted', async () => {
    const ws = workspace(FIXTURE_SITE)
    const first = await build(ws)
    expect(first.report.rejected.map((r) => r.file)).toContain('-202303060000000108.md')
    rmSync(join(ws.posts, '2023-03-06-202303060000000108.md'))
    const second = await build(ws)
    expect(second.stats.parsed).toBe(0)
    expect(second.report.rejected.map((r) => r.file)).not.toContain('-202303060000000108.md')
    expect(new DataFolder(ws.out).article('202303060000000108').file).toBe('-202303060000000108.md')
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })

  it('renames a category when its page changes, without parsing any post', async () => {
    const ws = workspace(FIXTURE_SITE)
    await build(ws)
    writeFileSync(join(ws.categories, 'beifangshibao.html'), '---\nlayout: category\ntitle: 北方时报港航新闻\ncategory: beifangshibao\n---\n')
    const result = await build(ws)
    expect(result.stats.parsed).toBe(0)
    expect(result.manifest.categories.find((c) => c.slug === 'beifangshibao')?.name).toBe('北方时报港航新闻')
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })

  it('starts over from an unreadable cache instead of failing', async () => {
    const ws = workspace(FIXTURE_SITE)
    await build(ws)
    const cacheFiles = readdirSync(ws.cacheDir)
    expect(cacheFiles.length).toBeGreaterThan(0)
    for (const f of cacheFiles) writeFileSync(join(ws.cacheDir, f), '{"fingerprint": broken')
    const result = await build(ws)
    expect(result.stats.parsed).toBe(listFilesDeep(ws.posts).length)
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })

  it('rebuilds output files that were deleted by hand', async () => {
    const ws = workspace(FIXTURE_SITE)
    await build(ws)
    const data = new DataFolder(ws.out)
    const lost = [data.articlePath('202303010000000101') ?? '', data.manifest.feed.head ?? '']
    for (const path of lost) rmSync(join(ws.out, path))
    await build(ws)
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })
})

describe('incremental builds on worker threads', () => {
  it('rewrites the articles around a changed post from the cache and matches a clean build', async () => {
    const posts = tempDir('posts')
    generatePosts(posts, MIN_FILES_FOR_WORKERS + 50)
    setTimes(posts, T0)
    const ws = { posts, categories: null, out: tempDir('out'), cacheDir: tempDir('cache'), workers: 4 }
    await build(ws)
    const [file] = listFilesDeep(posts).filter((f) => f.startsWith('2023-04-10-'))
    expect(file).toBeDefined()
    change(join(posts, file ?? ''), (t) => t.replace(/title: "([^"]*)"/, 'title: "$1（更新）"'), T0 + 60_000)
    const result = await build(ws)
    expect(result.stats.parsed).toBe(1)
    expect(result.report.rejected).toEqual([])
    await expectSameAsCleanBuild(posts, null, ws.out)
  })
})

describe('the dev server’s rebuilds: the cache in memory, the changed files named by its watcher', () => {
  it('follows a new, an edited and a deleted post, a new folder of posts and an emptied data folder, to where a clean build ends up', async () => {
    const ws = workspace(FIXTURE_SITE)
    const cache = PostCache.open(null, ws.posts, '')
    const devBuild = (changed?: string[]) => build({ posts: ws.posts, categories: ws.categories, out: ws.out, cache, changed })
    await devBuild()

    const added = join(ws.posts, '2023-03-10-202303100000000114.md')
    // The new post mentions a stock older posts mention too: it heads that stock's list.
    writeFileSync(
      added,
      '---\ntitle: "青禾数据回购股份"\ndate: 2023-03-10 12:00:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p><span class="em_stock_key_common" data-code="1,603999">青禾数据</span>公告回购股份。</p>\n',
    )
    // The edit moves the post to another category and tag and makes it mention a security.
    const edited = join(ws.posts, '2023-03-01-202303010000000102.md')
    change(
      edited,
      (t) =>
        t
          .replace('北辰精工获得海外订单', '北辰精工获得两笔海外订单')
          .replace('categories: emnews\ntags: 东财滚动新闻', 'categories: lanshanribao\ntags: [蓝山日报, 订单]')
          .replace('北辰精工3月1日', '<span class="em_stock_key_common" data-code="1,600160">巨化股份</span>与北辰精工3月1日'),
      T0 + 60_000,
    )
    const deleted = join(ws.posts, '2023-03-09-202303090000000112.md')
    rmSync(deleted)
    const second = await devBuild([added, edited, deleted])
    expect(second.stats.parsed).toBe(2)
    const data = new DataFolder(ws.out)
    expect(data.manifest.latest?.id).toBe('202303100000000114')
    expect(data.article('202303010000000102').title).toBe('北辰精工获得两笔海外订单')
    expect(data.manifest.tags.map((t) => t.name)).toContain('订单')
    expect(data.security('1.600160')?.headlines.map((h) => h.id)).toContain('202303010000000102')
    expect(data.security('1.603999')?.headlines[0]?.id).toBe('202303100000000114')
    expect(data.articlePath('202303090000000112')).toBeNull()
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)

    // A broken twin of the new post claims its id (as in the real archive): the intact post keeps it, and
    // the twin, listed before it, is reported.
    const twin = join(ws.posts, '-202303100000000114.md')
    writeFileSync(twin, '---\ntitle: ""\ndate: +0800\ncategories: emnews\n---\n> 青禾数据回购股份。\n')
    const withTwin = await devBuild([twin])
    expect(withTwin.report.rejected.map((r) => r.file)).toContain('-202303100000000114.md')
    expect(new DataFolder(ws.out).article('202303100000000114').title).toBe('青禾数据回购股份')
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)

    // A folder is a change the watcher reports as the folder alone: the build lists everything again.
    const folder = join(ws.posts, 'archive')
    mkdirSync(folder)
    writeFileSync(join(folder, '2023-03-11-202303110000000115.md'), '---\ntitle: "青禾数据完成回购"\ndate: 2023-03-11 09:00:00 +0800\ncategories: emnews\n---\n<p>回购完成。</p>\n')
    const third = await devBuild([folder])
    expect(third.stats.parsed).toBe(1)
    expect(new DataFolder(ws.out).manifest.latest?.id).toBe('202303110000000115')
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)

    // The data folder emptied behind the server's back is written again in full.
    rmSync(ws.out, { recursive: true })
    await devBuild([])
    await expectSameAsCleanBuild(ws.posts, ws.categories, ws.out)
  })
})

describe('editing an old article of a long feed', () => {
  it('renames only the page that holds it and the newest page; a host keeps every other page cached', async () => {
    const posts = tempDir('posts')
    generatePosts(posts, 600)
    setTimes(posts, T0)
    const ws = { posts, categories: null, out: tempDir('out'), cacheDir: tempDir('cache') }
    await build(ws)
    const pagesOf = (): string[] => {
      const data = new DataFolder(ws.out)
      return data.feedPages(data.manifest.feed).map(({ path }) => path)
    }
    const before = pagesOf()
    expect(before.length).toBeGreaterThan(20)

    const [oldest] = listFilesDeep(posts).filter((f) => f.startsWith('2023-04-01-')).sort()
    change(join(posts, oldest ?? ''), (t) => t.replace(/title: "([^"]*)"/, 'title: "$1（更正）"'), T0 + 60_000)
    const result = await build(ws)
    const after = pagesOf()
    expect(after.length).toBe(before.length)
    const renamed = after.map((path, i) => (path === before[i] ? -1 : i)).filter((i) => i >= 0)
    const holder = after.findIndex((path) => new DataFolder(ws.out).read(path, FeedPageSchema).items.some((item) => item.title.endsWith('（更正）')))
    expect(renamed).toEqual([0, holder])
    expect(result.stats.filesWritten).toBeLessThan(before.length)
    await expectSameAsCleanBuild(posts, null, ws.out)
  })
})

describeCorpus('an incremental build of a copy of the corpus', () => {
  it('parses only the changed post and ends up where a clean build does', async () => {
    const root = tempDir('corpus-copy')
    const posts = copyDir(CORPUS_POSTS, join(root, '_posts'))
    setTimes(posts, T0)
    const ws = { posts, categories: CORPUS_CATEGORIES, out: tempDir('out'), cacheDir: tempDir('cache') }
    const first = await build(ws)
    expect(first.stats.parsed).toBe(listFilesDeep(posts).length)
    const oldPath = new DataFolder(ws.out).articlePath('202205262391921712')

    change(join(posts, '2022-05-26-202205262391921712.md'), (t) => t.replace('<p><strong>什么是HFO-1234yf</strong></p>', ''), T0 + 60_000)
    const second = await build(ws)
    expect(second.stats.parsed).toBe(1)
    expect(second.report.read).toBe(first.report.read)
    expect(readTree(ws.out).has(oldPath ?? '')).toBe(false)
    expect(new DataFolder(ws.out).article('202205262391921712').bodyHtml).not.toContain('什么是HFO-1234yf')
    await expectSameAsCleanBuild(posts, CORPUS_CATEGORIES, ws.out)

    rmSync(join(posts, '2021-12-08-202112082207168450.md'))
    const third = await build(ws)
    expect(third.stats.parsed).toBe(0)
    expect(third.report.read).toBe(first.report.read - 1)
    expect(new DataFolder(ws.out).articlePath('202112082207168450')).toBeNull()
    await expectSameAsCleanBuild(posts, CORPUS_CATEGORIES, ws.out)
  })
})
