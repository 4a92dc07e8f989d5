// Prerendered pages are rewritten only when what they show changed: after one new post, the build writes
// that post's page, the page of the article it now sits beside, its category's and its new tag's first
// pages, home and 404.html, and leaves every other page the very file it was; a build with nothing changed
// rewrites only 404.html. And every page's first screen is the data's: an article page has its title.
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it, vi } from 'vitest'
import { ManifestSchema, FeedPageSchema } from '../../src/content/schema.ts'
import { categoryFeedPath, MAIN_FEED, tagFeedPath } from '../../src/content/site-paths.ts'
import { buildSite } from '../../src/pipeline/build-site.ts'
import { readPostFileName } from '../../src/pipeline/read/post-file.ts'
import { copyDir, FIXTURE_SITE, removeTempDirs, tempDir } from './support/data-folder.ts'

afterAll(removeTempDirs)

/** Every .html file of the site (relative path → inode: a file written again is a new one). */
function pages(site: string): Map<string, number> {
  const out = new Map<string, number>()
  for (const entry of readdirSync(site, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue
    const path = join(entry.parentPath, entry.name)
    const rel = path.slice(site.length + 1)
    if (rel.startsWith('data/') || rel.startsWith('.')) continue
    out.set(rel, statSync(path).ino)
  }
  return out
}

/** The Atom feeds of the site (relative path → inode), as pages() the pages. */
function feeds(site: string): Map<string, number> {
  const out = new Map<string, number>([[MAIN_FEED, statSync(join(site, MAIN_FEED)).ino]])
  for (const entry of readdirSync(join(site, 'feeds'), { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) out.set(join(entry.parentPath, entry.name).slice(site.length + 1), statSync(join(entry.parentPath, entry.name)).ino)
  }
  return out
}

const rewritten = (before: Map<string, number>, after: Map<string, number>): string[] =>
  [...after].filter(([file, ino]) => before.get(file) !== ino).map(([file]) => file).sort()

let posts = ''
let outDir = ''
let options: Parameters<typeof buildSite>[0]

beforeAll(async () => {
  const source = copyDir(FIXTURE_SITE, join(tempDir('prerender-site'), 'site'))
  posts = join(source, '_posts')
  outDir = tempDir('prerender-dist')
  options = { posts, categories: join(source, 'category'), outDir, base: '/', siteUrl: 'https://finews.example', quiet: true, cacheDir: tempDir('prerender-cache') }
  await buildSite(options)
}, 600_000)

// 404.html and the service worker's app shell (shell.html) are written by every build.
it('a build with nothing changed rewrites no page but 404.html and the app shell', async () => {
  const before = pages(outDir)
  expect(before.size).toBeGreaterThan(10)
  await buildSite(options)
  expect(rewritten(before, pages(outDir))).toEqual(['404.html', 'shell.html'])
}, 600_000)

it('a new post rewrites its page, its neighbour, its feeds’ first pages and home, and nothing else', async () => {
  const data = join(outDir, 'data')
  const manifest = ManifestSchema.parse(JSON.parse(readFileSync(join(data, 'manifest.json'), 'utf8')))
  // The biggest category, so that the header's order of categories (on every page) stays as it was.
  const category = [...manifest.categories].sort((a, b) => b.count - a.count)[0]
  const headPath = category?.feed.head
  if (!category || !headPath) throw new Error('no category with articles')
  const head = FeedPageSchema.parse(JSON.parse(readFileSync(join(data, headPath), 'utf8')))
  const neighbour = head.items[0]
  if (!neighbour) throw new Error('an empty category')

  const before = pages(outDir)
  const feedsBefore = feeds(outDir)
  const id = '209912310000000001'
  const tag = '测试新标签'
  writeFileSync(
    join(posts, `2099-12-31-${id}.md`),
    ['---', 'layout: post', 'title: "一篇新文章"', 'date: 2099-12-31 08:00:00 +0800', `categories: ${category.slug}`, `tags: ${tag}`, '---', '> 新文章的摘要。', '', '<p>新文章的正文。</p>', ''].join('\n'),
  )
  await buildSite(options)
  const after = pages(outDir)

  expect(rewritten(before, after)).toEqual(
    ['404.html', 'shell.html', 'index.html', `a/${id}.html`, `a/${neighbour.id}.html`, `c/${category.slug}.html`, `t/${tag}.html`].sort(),
  )
  // And of the feeds, the site's, its category's and its tag's (a new one): the others stay the very files they were.
  const feedsAfter = feeds(outDir)
  expect(rewritten(feedsBefore, feedsAfter)).toEqual([MAIN_FEED, categoryFeedPath(category.slug), tagFeedPath(tag)].sort())
  expect([...feedsBefore.keys()].filter((path) => !feedsAfter.has(path))).toEqual([])
  const page = readFileSync(join(outDir, 'a', `${id}.html`), 'utf8')
  expect(page).toContain('<h1 class="article__title">一篇新文章</h1>')
  expect(page).toContain('<title>一篇新文章 · 金融消息</title>')
  // Its neighbour's page now links the new article as the newer one.
  expect(readFileSync(join(outDir, 'a', `${neighbour.id}.html`), 'utf8')).toMatch(new RegExp(`rel="prev" href="/a/${id}"`))
}, 600_000)

it('an article page gone from the site folder is rendered again, the same bytes, and only it', async () => {
  const before = pages(outDir)
  const gone = [...before.keys()].find((file) => file.startsWith('a/'))
  if (!gone) throw new Error('no article page')
  const bytes = readFileSync(join(outDir, gone), 'utf8')
  rmSync(join(outDir, gone))
  await buildSite(options)
  expect(rewritten(before, pages(outDir))).toEqual(['404.html', gone, 'shell.html'].sort())
  expect(readFileSync(join(outDir, gone), 'utf8')).toBe(bytes)
}, 600_000)

// A build with nothing changed leaves the article pages' folder as the last build's keys say it is: the next
// build takes their word for it (site-listing.ts) and still removes the page of a post that went.
it('a removed post’s page goes, its neighbours’ pages are written again, and no other article page', async () => {
  await buildSite(options)
  const before = pages(outDir)
  const articlePages = [...before.keys()].filter((page) => page.startsWith('a/')).sort()
  // An article some page names as the one before it.
  const id = articlePages.map((page) => /rel="prev" href="\/a\/([^"]+)"/.exec(readFileSync(join(outDir, page), 'utf8'))?.[1]).find((found) => found !== undefined) ?? ''
  const file = readdirSync(posts).find((f) => readPostFileName(f).id === id) ?? ''
  expect(file).not.toBe('')
  // The pages that link to it: its older and newer neighbours.
  const linking = articlePages.filter((page) => readFileSync(join(outDir, page), 'utf8').includes(`href="/a/${id}"`))
  rmSync(join(posts, file))
  await buildSite(options)
  const after = pages(outDir)
  expect([...before.keys()].filter((page) => !after.has(page))).toEqual([`a/${id}.html`])
  expect([...after.keys()].filter((page) => !before.has(page))).toEqual([])
  expect(rewritten(before, after).filter((page) => page.startsWith('a/'))).toEqual(linking.filter((page) => page !== `a/${id}.html`))
}, 600_000)

// The header of every page names every category (its key stands for the header in every page's key).
it('a post in a new category puts that category in the header of every page, which are all written again', async () => {
  const before = pages(outDir)
  const id = '209912310000000002'
  writeFileSync(
    join(posts, `2099-12-31-${id}.md`),
    ['---', 'layout: post', 'title: "新分类的文章"', 'date: 2099-12-31 09:00:00 +0800', 'categories: xinfenlei', '---', '> 摘要。', '', '<p>正文。</p>', ''].join('\n'),
  )
  await buildSite(options)
  const after = pages(outDir)
  expect(rewritten(before, after)).toEqual([...after.keys()].sort())
  // Every page but the app shell, which is the reader's index.html as Vite built it.
  for (const page of after.keys()) if (page !== 'shell.html') expect(readFileSync(join(outDir, page), 'utf8'), page).toContain('href="/c/xinfenlei"')
}, 600_000)

it('a rendering thread that dies leaves its pages to the main thread: the same bytes, and the build says so', async () => {
  const before = pages(outDir)
  const gone = [...before.keys()].filter((file) => file.startsWith('a/')).sort()[1]
  if (!gone) throw new Error('no article page')
  const bytes = readFileSync(join(outDir, gone), 'utf8')
  const notFound = readFileSync(join(outDir, '404.html'), 'utf8')
  rmSync(join(outDir, gone))
  const said = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  // The thread exits at its first page: the not-found page, started while the content build ends.
  process.env.FINEWS_TEST_CRASH_RENDERER = '1'
  let messages: string[]
  try {
    await buildSite(options)
  } finally {
    delete process.env.FINEWS_TEST_CRASH_RENDERER
    messages = said.mock.calls.map((call) => String(call[0]))
    said.mockRestore()
  }
  expect(messages).toEqual([expect.stringMatching(/^finews: a page-rendering thread failed \(.*exited with code 70\); its pages were rendered on the main thread$/)])
  expect(rewritten(before, pages(outDir))).toEqual(['404.html', gone, 'shell.html'].sort())
  expect(readFileSync(join(outDir, gone), 'utf8')).toBe(bytes)
  expect(readFileSync(join(outDir, '404.html'), 'utf8')).toBe(notFound)
}, 600_000)

it('another site address renders every page again with it', async () => {
  const before = pages(outDir)
  await buildSite({ ...options, siteUrl: 'https://mirror.example' })
  const after = pages(outDir)
  expect(rewritten(before, after)).toEqual([...after.keys()].sort())
  const article = [...after.keys()].find((file) => file.startsWith('a/')) ?? ''
  expect(readFileSync(join(outDir, article), 'utf8')).toContain(`<link data-prerendered rel="canonical" href="https://mirror.example/${article.replace(/\.html$/, '')}">`)
}, 600_000)

it('a damaged keys file costs a render of every page, the same bytes, and nothing else', async () => {
  // The last build's address, so that with the keys whole nothing would be rendered again.
  const mirrored = { ...options, siteUrl: 'https://mirror.example' }
  const cache = mirrored.cacheDir ?? ''
  const keys = readdirSync(cache).filter((name) => /^pages-.*\.sqlite$/.test(name))
  expect(keys).toHaveLength(1)
  for (const name of keys) writeFileSync(join(cache, name), 'not a database'.repeat(100))
  const before = pages(outDir)
  const article = [...before.keys()].find((file) => file.startsWith('a/')) ?? ''
  const bytes = readFileSync(join(outDir, article), 'utf8')
  await buildSite(mirrored)
  const after = pages(outDir)
  expect(rewritten(before, after)).toEqual([...after.keys()].sort())
  expect(readFileSync(join(outDir, article), 'utf8')).toBe(bytes)
  // And the keys are whole again: the next build renders no page but 404.html and the app shell.
  await buildSite(mirrored)
  expect(rewritten(after, pages(outDir))).toEqual(['404.html', 'shell.html'])
}, 600_000)
