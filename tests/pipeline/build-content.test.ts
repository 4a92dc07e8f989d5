// buildContent on the fixture site and on small folders made for one rule: every file accounted for, id
// collisions settled in favour of the intact post, salvage reported, categories named.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ContentResult } from '../../src/pipeline/build-content.ts'
import { build, DataFolder, FIXTURE_CATEGORIES, FIXTURE_POSTS, removeTempDirs, tempDir } from './support/data-folder.ts'
import { listFilesDeep } from './support/raw-post.ts'

afterAll(removeTempDirs)

function post(title: string, date: string, body = '<p>正文内容。</p>', extra = ''): string {
  return `---\nlayout: post\ntitle: "${title}"\ndate: ${date}\ncategories: emnews\ntags: 东财滚动新闻\n${extra}---\n${body}\n`
}

describe('the fixture site', () => {
  let result: ContentResult
  let data: DataFolder

  beforeAll(async () => {
    const out = tempDir('out')
    result = await build({ posts: FIXTURE_POSTS, categories: FIXTURE_CATEGORIES, out })
    data = new DataFolder(out)
  })

  it('accounts for every file: read = written + rejected', () => {
    const files = listFilesDeep(FIXTURE_POSTS)
    expect(result.report.read).toBe(files.length)
    expect(result.report.written + result.report.rejected.length).toBe(files.length)
    const writtenFiles = data.allArticleIds().map((id) => data.article(id).file)
    expect([...writtenFiles, ...result.report.rejected.map((r) => r.file)].sort()).toEqual(files)
  })

  it('keeps the intact post of a shared id and rejects its broken twin, naming the collision', () => {
    expect(data.article('202303060000000108').file).toBe('2023-03-06-202303060000000108.md')
    expect(data.article('202303060000000108').title).toBe('云梯控股发布业绩预告')
    const twin = result.report.rejected.find((r) => r.file === '-202303060000000108.md')
    expect(twin?.reasons.at(-1)).toMatch(/same id "202303060000000108" as 2023-03-06-202303060000000108\.md, which was kept/)
  })

  it('lists salvaged posts with a reason, and writes them with their flags', () => {
    expect(result.report.salvaged.map((s) => s.file)).toEqual([
      '2023-03-04-202303040000000106.md',
      '2023-03-05-202303050000000107.md',
      '2023-03-09-202303090000000113.md',
    ])
    for (const s of result.report.salvaged) expect(s.reasons.length).toBeGreaterThan(0)
    expect(data.article('202303040000000106').flags).toEqual(['title-from-summary'])
    expect(data.article('202303050000000107').flags).toEqual(['date-from-filename'])
    expect(data.article('202303090000000113').flags).toEqual(['title-from-body'])
  })

  it('names a category by its page, or by its posts\' tag when the page only repeats the slug', () => {
    const names = Object.fromEntries(data.manifest.categories.map((c) => [c.slug, c.name]))
    expect(names).toEqual({ emnews: '东财滚动新闻', lanshanribao: '蓝山日报新闻', beifangshibao: '北方时报新闻' })
  })

  it('reports a category page it cannot use, and still files the posts', () => {
    expect(result.report.categoryPages).toEqual([{ file: 'broken.html', reasons: [expect.stringMatching(/title/) as string] }])
  })

  it('shows the reader the flags and source of each item in the feed', () => {
    const items = data.feedPages(data.manifest.feed).flatMap(({ page }) => page.items)
    expect(items.find((i) => i.id === '202303040000000106')?.flags).toEqual(['title-from-summary'])
    expect(items.find((i) => i.id === 'NW202303020000000103')?.source).toBe('蓝山日报')
    expect(items.map((i) => i.id).slice(0, 3)).toEqual(['202303090000000113', '202303090000000112', '202303060000000108'])
  })
})

describe('folders made for one rule', () => {
  it('counts and rejects files Jekyll ignores (hidden, backup) and reads posts in subfolders', async () => {
    const posts = tempDir('posts')
    mkdirSync(join(posts, '2023'))
    writeFileSync(join(posts, '2023', '2023-03-01-202303010000000201.md'), post('子目录里的文章', '2023-03-01 10:00:00 +0800'))
    writeFileSync(join(posts, '.2023-03-01-202303010000000202.md'), post('隐藏文件', '2023-03-01 10:00:00 +0800'))
    writeFileSync(join(posts, '2023-03-01-202303010000000203.md~'), post('备份文件', '2023-03-01 10:00:00 +0800'))
    writeFileSync(join(posts, '_draft.md'), post('草稿', '2023-03-01 10:00:00 +0800'))
    const out = tempDir('out')
    const result = await build({ posts, out })
    expect(result.report.read).toBe(4)
    expect(result.report.written).toBe(1)
    expect(result.report.rejected.map((r) => r.file).sort()).toEqual(['.2023-03-01-202303010000000202.md', '2023-03-01-202303010000000203.md~', '_draft.md'])
    expect(new DataFolder(out).article('202303010000000201').file).toBe('2023/2023-03-01-202303010000000201.md')
  })

  it('keeps the first file by name when two intact posts share an id, and says which', async () => {
    const posts = tempDir('posts')
    writeFileSync(join(posts, '2023-03-01-samename.md'), post('三月一日的文章', '2023-03-01 10:00:00 +0800'))
    writeFileSync(join(posts, '2023-03-02-samename.md'), post('三月二日的文章', '2023-03-02 10:00:00 +0800'))
    const out = tempDir('out')
    const result = await build({ posts, out })
    expect(result.report.written).toBe(1)
    expect(result.report.rejected).toEqual([{ file: '2023-03-02-samename.md', reasons: [expect.stringContaining('2023-03-01-samename.md') as string] }])
  })

  it('writes two posts of one day whose names are Chinese as two articles', async () => {
    const posts = tempDir('posts')
    writeFileSync(join(posts, '2023-03-01-青禾数据签约.md'), post('青禾数据签约', '2023-03-01 10:00:00 +0800'))
    writeFileSync(join(posts, '2023-03-01-蓝鲸新材回购.md'), post('蓝鲸新材回购', '2023-03-01 11:00:00 +0800'))
    const result = await build({ posts, out: tempDir('out') })
    expect(result.report.rejected).toEqual([])
    expect(result.report.written).toBe(2)
  })

  it('names to the site build the articles it published anew: a new post and an edited one, not the rest', async () => {
    const posts = tempDir('posts')
    const out = tempDir('out')
    const cacheDir = tempDir('cache')
    writeFileSync(join(posts, '2023-03-01-202303010000000001.md'), post('青禾数据签约', '2023-03-01 10:00:00 +0800'))
    writeFileSync(join(posts, '2023-03-01-202303010000000002.md'), post('蓝鲸新材回购', '2023-03-01 11:00:00 +0800'))
    const republished = async (): Promise<readonly string[]> => {
      let named: readonly string[] = []
      await build({ posts, out, cacheDir, published: (_archive, _manifest, ids) => void (named = ids) })
      return [...named].sort()
    }
    expect(await republished()).toEqual(['202303010000000001', '202303010000000002'])
    expect(await republished()).toEqual([])
    writeFileSync(join(posts, '2023-03-01-202303010000000002.md'), post('蓝鲸新材回购', '2023-03-01 11:00:00 +0800', '<p>改过的正文。</p>'))
    writeFileSync(join(posts, '2023-03-02-202303020000000003.md'), post('白鹭科技中标', '2023-03-02 09:00:00 +0800'))
    expect(await republished()).toEqual(['202303010000000002', '202303020000000003'])
  })

  it('writes an empty data folder that the app can read when there are no posts', async () => {
    const out = tempDir('out')
    const result = await build({ posts: tempDir('posts'), out })
    expect(result.report).toMatchObject({ read: 0, written: 0 })
    const data = new DataFolder(out)
    expect(data.manifest.counts).toEqual({ articles: 0, categories: 0, tags: 0, securities: 0 })
    expect(data.manifest.feed).toEqual({ count: 0, head: null })
    expect(data.manifest.latest).toBeNull()
  })
})
