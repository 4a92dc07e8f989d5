// The data contract: what the pipeline may write and the app will accept.
import { describe, expect, it } from 'vitest'
import { ArticleLookupSchema } from '../../src/content/lookup-schema.ts'
import {
  ArticleSchema,
  BeijingTimeSchema,
  FeedPageSchema,
  ManifestSchema,
  MentionSchema,
  SCHEMA_VERSION,
  SecidSchema,
  type Article,
  type Manifest,
  type Mention,
} from '../../src/content/schema.ts'

const mention: Mention = { secid: '1.600160', market: 1, code: '600160', name: '示例化工', kind: 'stock', exchange: 'SH', count: 2 }

const article: Article = {
  id: '202303010000000101',
  title: '示例标题',
  date: '2023-03-01T10:15:30+08:00',
  category: 'emnews',
  tags: ['东财滚动新闻'],
  summary: null,
  source: '蓝山日报',
  chips: [{ secid: '1.600160', name: '示例化工' }],
  mentionCount: 1,
  flags: [],
  path: 'articles/202303010000000101.0123456789abcdef.json',
  bodyHtml: '<p>正文</p>',
  description: '正文',
  sourceUrl: null,
  mentions: [mention],
  images: [{ src: 'https://img.example.com/a.jpg', alt: '', width: null, height: null }],
  textLength: 2,
  file: '2023-03-01-202303010000000101.md',
}

const manifest: Manifest = {
  schemaVersion: SCHEMA_VERSION,
  builtAt: '2023-03-01T02:15:30.000Z',
  counts: { articles: 1, categories: 1, tags: 1, securities: 1 },
  latest: { id: article.id, date: article.date },
  feed: { count: 1, head: 'pages/0123456789abcdef.json' },
  home: 'home/0123456789abcdef.json',
  categories: [{ slug: 'emnews', name: '东财滚动新闻', count: 1, feed: { count: 1, head: 'pages/0123456789abcdef.json' } }],
  tags: [{ name: '东财滚动新闻', count: 1, feed: { count: 1, head: 'pages/0123456789abcdef.json' } }],
  lookups: 'lookups/index-0123456789abcdef.json',
}

describe('schemas', () => {
  it('accept a complete article and manifest', () => {
    expect(ArticleSchema.safeParse(article).success).toBe(true)
    expect(ManifestSchema.safeParse(manifest).success).toBe(true)
    expect(FeedPageSchema.safeParse({ items: [article], older: null, tags: null }).success).toBe(true)
  })

  it('take any id as a look-up key, __proto__ and constructor among them', () => {
    const entry = { path: article.path, older: null, newer: { id: '202303020000000104', title: '较新的文章' } }
    const shard = ArticleLookupSchema.parse(JSON.parse(`[["__proto__",${JSON.stringify(entry)}],["constructor",${JSON.stringify(entry)}]]`))
    expect(new Map(shard).get('__proto__')).toEqual(entry)
    expect(new Map(shard).get('constructor')?.newer?.id).toBe('202303020000000104')
    expect(ArticleLookupSchema.safeParse({ constructor: entry }).success).toBe(false)
  })

  it('accept only Beijing ISO times', () => {
    expect(BeijingTimeSchema.safeParse('2022-03-09T19:54:03+08:00').success).toBe(true)
    for (const bad of ['2022-03-09T11:54:03Z', '2022-03-09 19:54:03 +0800', '2022-03-09T19:54:03+0800', '2022-03-09']) {
      expect(BeijingTimeSchema.safeParse(bad).success).toBe(false)
    }
    expect(ArticleSchema.safeParse({ ...article, date: '2023-03-01T02:15:30Z' }).success).toBe(false)
    expect(ArticleSchema.safeParse({ ...article, date: null }).success).toBe(true)
  })

  it('accept only secids', () => {
    expect(SecidSchema.safeParse('90.BK0493').success).toBe(true)
    expect(SecidSchema.safeParse('BK0493').success).toBe(false)
    expect(ArticleSchema.safeParse({ ...article, chips: [{ secid: '600160', name: 'x' }] }).success).toBe(false)
  })

  it('refuse a mention that is never mentioned, has no name or an unknown kind', () => {
    expect(MentionSchema.safeParse(mention).success).toBe(true)
    expect(MentionSchema.safeParse({ ...mention, count: 0 }).success).toBe(false)
    expect(MentionSchema.safeParse({ ...mention, name: '' }).success).toBe(false)
    expect(MentionSchema.safeParse({ ...mention, kind: 'crypto' }).success).toBe(false)
  })

  it('refuse flags the app does not know', () => {
    expect(ArticleSchema.safeParse({ ...article, flags: ['title-from-summary', 'date-from-filename'] }).success).toBe(true)
    expect(ArticleSchema.safeParse({ ...article, flags: ['made-up'] }).success).toBe(false)
  })

  it('refuse data paths that could leave the data folder', () => {
    for (const path of ['../secret.json', 'articles/../../x.json', '/etc/passwd', 'articles/x.txt', 'https://evil.example.com/x.json']) {
      expect(ArticleSchema.safeParse({ ...article, path }).success, path).toBe(false)
    }
    expect(ManifestSchema.safeParse({ ...manifest, home: '../home.json' }).success).toBe(false)
  })

  it('refuse data of another schema version', () => {
    expect(ManifestSchema.safeParse({ ...manifest, schemaVersion: SCHEMA_VERSION + 1 }).success).toBe(false)
  })

  it('refuse negative and fractional counts', () => {
    expect(ManifestSchema.safeParse({ ...manifest, counts: { ...manifest.counts, articles: -1 } }).success).toBe(false)
    expect(ArticleSchema.safeParse({ ...article, textLength: 1.5 }).success).toBe(false)
  })
})
