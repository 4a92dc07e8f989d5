// Atom feeds and the sitemap from posts whose titles, tags, sources and category names are hostile: every
// .xml file the build writes is well-formed XML (parsed by jsdom's DOMParser as application/xml, which is
// strict: any error gives a <parsererror> document; fast-xml-parser's validator let `term=""><script>` and
// control characters through), and every text field shows a feed reader exactly the text the reader
// shows, never markup.
import { createRequire } from 'node:module'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FeedItem, Manifest } from '../../src/content/schema.ts'
import { MAIN_FEED, SITEMAP, categoryFeedPath, tagFeedPath } from '../../src/content/site-paths.ts'
import { writeSyndication } from '../../src/pipeline/outputs/syndication.ts'
import { build, removeTempDirs, tempDir } from './support/data-folder.ts'

const ORIGIN = 'https://finews.example'
const BASE = '/finews/'

/** Hostile but fictional posts: front matter as YAML double-quoted strings, so escapes like \x07 are real. */
const POSTS: { file: string; title: string; tags: string[]; category: string; summary: string; source: string }[] = [
  { file: '2026-11-20-9001.md', title: '&lt;script&gt;alert(1)&lt;/script&gt;', tags: ['<b>tag</b>'], category: 'evil', summary: '摘要 <i>不是标记</i> & 更多', source: '来源"><script>alert(2)</script>' },
  { file: '2026-11-20-9002.md', title: '标题]]>CDATA 结束 & "引号" \'单引号\'', tags: ['"><script>alert(3)</script>'], category: 'evil', summary: '响铃\\x07与退格\\x08在此', source: '示例财经' },
  { file: '2026-11-20-9003.md', title: '控制字符\\x01\\x1F与表情😀 <img src=x onerror=alert(4)>', tags: ['a&b', 'x\\x0Cy'], category: 'plain', summary: '孤立代理\\uD800在此', source: '&amp;来源' },
]

function postText(p: (typeof POSTS)[number], i: number): string {
  return [
    '---',
    'layout: post',
    `title: "${p.title.replace(/"/g, '\\"')}"`,
    // The later a post's id, the earlier its time: an order by id is not an order by time.
    `date: 2026-11-20 0${9 - i}:00:00 +0800`,
    `categories: ${p.category}`,
    `tags: [${p.tags.map((t) => `"${t.replace(/"/g, '\\"')}"`).join(', ')}]`,
    '---',
    `> ${p.summary.replace(/\\x07|\\x08|\\uD800/g, (e) => ({ '\\x07': '\u0007', '\\x08': '\u0008', '\\uD800': '\uD800' })[e] ?? e)}`,
    '',
    `<p>正文第 ${i} 段。</p><p class="em_media">（文章来源：${p.source}）</p>`,
    '',
  ].join('\n')
}

const CATEGORY_PAGE = ['---', 'layout: category', 'title: "<b>恶意</b>\\"><script>alert(5)</script>"', 'category: evil', '---', ''].join('\n')

/** What XML cannot carry at all (and a reader cannot see): the one difference a feed may have from the text. */
// eslint-disable-next-line no-control-regex -- the characters XML forbids
const invisible = (text: string): string => text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]|\p{Cs}/gu, '')

// jsdom (a devDependency) ships no types and this project has no @types/jsdom: its one constructor is typed
// here. (The jsdom test environment would not do: the pipeline needs Node's own URL.)
const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: new (html: string) => { window: { DOMParser: typeof DOMParser } } }
const XmlParser = new JSDOM('').window.DOMParser

/** The document of an XML file; throws with the parser's message when it is not well-formed. */
function parseXml(file: string): Document {
  const doc = new XmlParser().parseFromString(readFileSync(file, 'utf8'), 'application/xml')
  const error = doc.getElementsByTagName('parsererror')[0]
  if (error) throw new Error(`${file} is not well-formed XML: ${error.textContent ?? ''}`)
  return doc
}

const children = (parent: Element | Document, name: string): Element[] => [...parent.getElementsByTagName(name)]
const text = (parent: Element, name: string): string => children(parent, name)[0]?.textContent ?? ''

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.xml'))
    .map((entry) => join(entry.parentPath, entry.name))
}

let site = ''
let manifest: Manifest
let items: FeedItem[] = []
/** The same archive's sitemap written three more times with one cache folder: again, again, at another address. */
const remembered = { cache: '', again: '', twice: '', moved: '' }
const OTHER_ORIGIN = 'https://mirror.example'

beforeAll(async () => {
  const root = tempDir('syndication')
  const posts = join(root, '_posts')
  const categories = join(root, 'category')
  mkdirSync(posts)
  mkdirSync(categories)
  POSTS.forEach((p, i) => writeFileSync(join(posts, p.file), postText(p, i + 1)))
  writeFileSync(join(categories, 'evil.html'), CATEGORY_PAGE)
  site = join(root, 'site')
  const result = await build({
    posts,
    categories,
    out: join(site, 'data'),
    published: async (archive, m) => {
      // The reader is open only during the build: keep what the assertions compare with.
      items = archive.newest('all', 50)
      await writeSyndication({ archive, manifest: m, outDir: site, base: BASE, siteUrl: ORIGIN })
      remembered.cache = join(root, 'cache')
      for (const [name, origin] of [['again', ORIGIN], ['twice', ORIGIN], ['moved', OTHER_ORIGIN]] as const) {
        remembered[name] = join(root, name)
        await writeSyndication({ archive, manifest: m, outDir: remembered[name], base: BASE, siteUrl: origin, cacheDir: remembered.cache })
      }
    },
  })
  manifest = result.manifest
  expect(result.report.written).toBe(POSTS.length)
})

afterAll(removeTempDirs)

/** A feed entry's element that must be text: no `type`, or `type="text"` (RFC 4287 3.1.1). */
function asText(entry: Element, name: string): string {
  const el = children(entry, name)[0]
  if (!el) return ''
  expect(el.getAttribute('type') ?? 'text', name).toBe('text')
  return el.textContent ?? ''
}

describe('feeds and sitemap from hostile posts', () => {
  it('every .xml file the build writes is well-formed XML', () => {
    const files = xmlFiles(site)
    // The main feed, two category feeds, one feed per tag and the sitemap.
    expect(files.length).toBe(1 + 2 + manifest.tags.length + 1)
    for (const file of files) expect(() => parseXml(file)).not.toThrow()
  })

  it('the hostile tags are tags, each with its own feed', () => {
    expect(manifest.tags.map((t) => t.name).sort()).toEqual(['"><script>alert(3)</script>', '<b>tag</b>', 'a&b', 'x\u000Cy'].sort())
  })

  it("every entry's title, summary, author and categories are text, equal to what the reader shows", () => {
    const entries = children(parseXml(join(site, MAIN_FEED)), 'entry')
    expect(entries).toHaveLength(POSTS.length)
    expect(items).toHaveLength(POSTS.length)
    for (const [i, entry] of entries.entries()) {
      const item = items[i]
      if (!item) throw new Error('an entry with no article')
      expect(asText(entry, 'title')).toBe(invisible(item.title))
      expect(asText(entry, 'summary')).toBe(invisible(item.summary ?? ''))
      expect(children(entry, 'author').map((a) => text(a, 'name'))).toEqual(item.source ? [invisible(item.source)] : [])
      expect(children(entry, 'category').map((c) => [c.getAttribute('term'), c.getAttribute('label')])).toEqual(item.tags.map((t) => [invisible(t), invisible(t)]))
    }
  })

  it('a title the post wrote entity-escaped reads as that text, and markup in a title or source is no element', () => {
    const doc = parseXml(join(site, MAIN_FEED))
    const shown = children(doc, 'entry').map((e) => asText(e, 'title'))
    expect(shown).toContain('<script>alert(1)</script>')
    expect(shown).toContain('标题]]>CDATA 结束 & "引号" \'单引号\'')
    expect(shown.some((t) => t.startsWith('控制字符与表情😀'))).toBe(true)
    expect(children(doc, 'script')).toEqual([])
    expect(children(doc, 'b')).toEqual([])
  })

  it("the category's display name is the feed's title, as text", () => {
    const evil = manifest.categories.find((c) => c.slug === 'evil')
    if (!evil) throw new Error('no category evil')
    const feed = parseXml(join(site, categoryFeedPath('evil'))).documentElement
    expect(asText(feed, 'title')).toBe(`${invisible(evil.name)} - 金融消息`)
  })

  it("each tag's feed lists its articles, and the sitemap names every page at its absolute address, the articles oldest first", () => {
    for (const tag of manifest.tags) {
      const feed = parseXml(join(site, tagFeedPath(tag.name))).documentElement
      expect(asText(feed, 'title')).toBe(`${invisible(tag.name)} - 金融消息`)
      expect(children(feed, 'entry')).toHaveLength(tag.count)
    }
    const locs = children(parseXml(join(site, SITEMAP)), 'loc').map((loc) => loc.textContent)
    for (const tag of manifest.tags) expect(locs).toContain(`${ORIGIN}${BASE}t/${encodeURIComponent(tag.name)}`)
    for (const item of items) expect(locs).toContain(`${ORIGIN}${BASE}a/${encodeURIComponent(item.id)}`)
    // Oldest first, so that a new day's posts change only the sitemap's last part: the main feed's order reversed.
    const articles = locs.filter((loc) => loc?.startsWith(`${ORIGIN}${BASE}a/`))
    expect(articles).toEqual(items.map((item) => `${ORIGIN}${BASE}a/${encodeURIComponent(item.id)}`).reverse())
  })
})

describe('the sitemap remembered in the cache folder', () => {
  it('gives the same bytes while the addresses are the same, new ones when they change, and keeps one', () => {
    const sitemap = (dir: string): string => readFileSync(join(dir, SITEMAP), 'utf8')
    expect(sitemap(remembered.again)).toBe(sitemap(site))
    expect(sitemap(remembered.twice)).toBe(sitemap(site))
    const locs = children(parseXml(join(remembered.moved, SITEMAP)), 'loc').map((loc) => loc.textContent ?? '')
    expect(locs).toHaveLength(children(parseXml(join(site, SITEMAP)), 'loc').length)
    expect(locs.every((loc) => loc.startsWith(`${OTHER_ORIGIN}${BASE}`))).toBe(true)
    expect(readdirSync(remembered.cache).filter((name) => name.startsWith('sitemap-'))).toHaveLength(1)
  })
})
