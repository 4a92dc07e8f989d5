// One post file in, one article or a reasoned rejection out: front matter, file names, salvage rules,
// and the parts lifted out of the body (summary, media credit, original link).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePost, type ParsedPost, type PostOutcome } from '../../src/pipeline/read/parse-post.ts'
import { slugify } from '../../src/content/ids.ts'
import { readPostFileName } from '../../src/pipeline/read/post-file.ts'
import { FIXTURE_POSTS } from './support/data-folder.ts'
import { frontText, readRawPost, summaryLine } from './support/raw-post.ts'

function parseFixture(file: string): PostOutcome {
  return parsePost(file, readFileSync(join(FIXTURE_POSTS, file), 'utf8'))
}

function parsedFixture(file: string): ParsedPost {
  const outcome = parseFixture(file)
  if (outcome.status !== 'ok') throw new Error(`${file} was rejected: ${outcome.reasons.join('; ')}`)
  return outcome.post
}

function rejectedFixture(file: string): string[] {
  const outcome = parseFixture(file)
  if (outcome.status !== 'rejected') throw new Error(`${file} was not rejected`)
  return outcome.reasons
}

function post(front: Record<string, string>, body: string): string {
  const lines = Object.entries(front).map(([k, v]) => `${k}: ${v}`)
  return `---\n${lines.join('\n')}\n---\n${body}\n`
}

const FRONT = { layout: 'post', title: '"示例标题"', date: '2023-03-03 10:00:00 +0800', categories: 'emnews', tags: '东财滚动新闻' }

describe('a well-formed post', () => {
  const file = '2023-03-01-202303010000000101.md'
  const raw = readRawPost(FIXTURE_POSTS, file)
  const p = parsedFixture(file)

  it('takes its id from the file name and its title, date, category and tags from the front matter', () => {
    expect(p.id).toBe('202303010000000101')
    expect(p.file).toBe(file)
    expect(p.title).toBe(frontText(raw, 'title'))
    expect(p.date).toBe('2023-03-01T10:15:30+08:00')
    expect(p.category).toBe('emnews')
    expect(p.tags).toEqual(['东财滚动新闻'])
    expect(p.flags).toEqual([])
    expect(p.reasons).toEqual([])
  })

  it('lifts the `> ` line out as the summary', () => {
    expect(p.summary).toBe(summaryLine(raw))
    expect(p.bodyHtml).not.toContain(summaryLine(raw)?.slice(0, 20) ?? '?')
  })

  it('names the media of the credit line in words, even with a board span inside it', () => {
    expect(p.source).toBe('蓝山日报')
    expect(p.bodyHtml).not.toContain('文章来源')
    expect(p.mentions.map((m) => m.secid)).not.toContain('90.BK9902')
  })

  it('keeps the <http…> line as the original link, not as body text', () => {
    expect(p.sourceUrl).toBe('http://finance.eastmoney.com/a/202303010000000101.html')
    expect(p.bodyHtml).not.toContain('202303010000000101.html')
  })

  it('drops the back links to the old site', () => {
    expect(p.bodyHtml).not.toContain('返回')
    expect(p.bodyHtml).not.toContain('withounder')
  })
})

describe('front matter', () => {
  it('reads tags given as a YAML list, in order', () => {
    expect(parsedFixture('2023-03-02-202303020000000104.md').tags).toEqual(['北方快讯', '港口'])
  })

  it('keeps each tag once', () => {
    const outcome = parsePost('2023-03-03-x1.md', post({ ...FRONT, tags: '[港口, 航运, 港口]' }, '<p>正文</p>'))
    expect(outcome.status === 'ok' && outcome.post.tags).toEqual(['港口', '航运'])
  })

  it('takes the first of several categories, and "category" when there is no "categories"', () => {
    const many = parsePost('2023-03-03-x1.md', post({ ...FRONT, categories: '[lanshanribao, emnews]' }, '<p>正文</p>'))
    expect(many.status === 'ok' && many.post.category).toBe('lanshanribao')
    const { categories: _c, ...rest } = FRONT
    const single = parsePost('2023-03-03-x1.md', post({ ...rest, category: 'beifangshibao' }, '<p>正文</p>'))
    expect(single.status === 'ok' && single.post.category).toBe('beifangshibao')
  })

  it('files a post without a category under "uncategorized" and says so', () => {
    const { categories: _c, ...rest } = FRONT
    const outcome = parsePost('2023-03-03-x1.md', post(rest, '<p>正文</p>'))
    if (outcome.status !== 'ok') throw new Error('rejected')
    expect(outcome.post.category).toBe('uncategorized')
    expect(outcome.post.reasons.join(' ')).toMatch(/category/)
  })

  it('keeps the title as written, not as YAML would type it', () => {
    for (const [title, expected] of [
      ['2023', '2023'],
      ['"true"', 'true'],
      ['1e3', '1e3'],
      ['"  多余   空白  "', '多余 空白'],
    ] as const) {
      const outcome = parsePost('2023-03-03-x1.md', post({ ...FRONT, title }, '<p>正文</p>'))
      expect(outcome.status === 'ok' && outcome.post.title).toBe(expected)
    }
  })

  it('skips a post with published: false', () => {
    const outcome = parsePost('2023-03-03-x1.md', post({ ...FRONT, published: 'false' }, '<p>正文</p>'))
    expect(outcome.status).toBe('rejected')
    expect(outcome.status === 'rejected' && outcome.reasons.join(' ')).toMatch(/published/)
  })

  it('reads a file with a byte-order mark and Windows line ends', () => {
    const text = `\uFEFF${post(FRONT, '<p>第一段</p>\r\n\r\n<p>第二段</p>').replace(/\n/g, '\r\n')}`
    const outcome = parsePost('2023-03-03-x1.md', text)
    if (outcome.status !== 'ok') throw new Error(outcome.reasons.join('; '))
    expect(outcome.post.title).toBe('示例标题')
    expect(outcome.post.bodyHtml).not.toContain('\r')
    expect(outcome.post.bodyHtml).toContain('第二段')
  })
})

describe('dates', () => {
  it('reads a date without an offset as Beijing time', () => {
    const file = '2023-03-01-202303010000000102.md'
    const raw = readRawPost(FIXTURE_POSTS, file)
    expect(frontText(raw, 'date')).toBe('2023-03-01 09:30:00')
    expect(parsedFixture(file).date).toBe('2023-03-01T09:30:00+08:00')
  })

  it('converts a UTC date to Beijing time', () => {
    expect(parsedFixture('2023-03-09-202303090000000112.md').date).toBe('2023-03-09T19:54:03+08:00')
  })

  it('converts a -0500 evening to the next Beijing morning', () => {
    expect(parsedFixture('2023-03-09-202303090000000113.md').date).toBe('2023-03-10T09:00:00+08:00')
  })

  it('falls back to the file name date for a date that does not exist, and says so', () => {
    const p = parsedFixture('2023-03-05-202303050000000107.md')
    expect(p.date).toBe('2023-03-05T00:00:00+08:00')
    expect(p.flags).toEqual(['date-from-filename'])
    expect(p.reasons.join(' ')).toContain('2023-02-30')
  })

  it('shows a post without any usable date undated, flagged', () => {
    const outcome = parsePost('notes-on-rates.md', post({ ...FRONT, date: ' +0800' }, '<p>正文</p>'))
    if (outcome.status !== 'ok') throw new Error(outcome.reasons.join('; '))
    expect(outcome.post.date).toBeNull()
    expect(outcome.post.flags).toContain('date-missing')
  })
})

describe('salvaged titles', () => {
  it('uses the first sentence of the summary for an empty title, flagged and explained', () => {
    const file = '2023-03-04-202303040000000106.md'
    const summary = summaryLine(readRawPost(FIXTURE_POSTS, file)) ?? ''
    const p = parsedFixture(file)
    expect(p.title).toBe(summary.slice(0, summary.indexOf('。')))
    expect(p.flags).toEqual(['title-from-summary'])
    expect(p.reasons).toHaveLength(1)
    expect(p.reasons[0]).toMatch(/title/)
  })

  it('uses the first sentence of the body for a blank title without a summary', () => {
    const p = parsedFixture('2023-03-09-202303090000000113.md')
    expect(p.title).toBe('纽约原油期货收涨2%，创两周新高')
    expect(p.flags).toEqual(['title-from-body'])
  })

  it('shortens a long first sentence to a headline', () => {
    const long = '甲'.repeat(80)
    const outcome = parsePost('2023-03-03-x1.md', post({ ...FRONT, title: '""' }, `> ${long}。后文。\n\n<p>正文</p>`))
    if (outcome.status !== 'ok') throw new Error('rejected')
    expect(outcome.post.title.length).toBeLessThanOrEqual(60)
    expect(outcome.post.title.startsWith('甲甲甲')).toBe(true)
  })
})

describe('the description (search results, link previews)', () => {
  it('is the summary when there is one', () => {
    const outcome = parsePost('2023-03-03-x2.md', post(FRONT, '> 央行开展逆回购。规模百亿。\n\n<p>正文第一句。第二句。</p>'))
    if (outcome.status !== 'ok') throw new Error('rejected')
    expect(outcome.post.description).toBe('央行开展逆回购。规模百亿。')
  })

  it.each([
    ['<p>央行今日开展逆回购操作。规模为100亿元。</p>', '央行今日开展逆回购操作。'],
    ['<p>标普&amp;纳指 &lt;1% 波动&#65281;随后</p>', '标普&纳指 <1% 波动！'],
    ['<p>  </p><img src="https://example.com/x.png">', null],
    ['<p>没有句号的一段话</p>', '没有句号的一段话'],
    [`<p>${'长'.repeat(200)}。</p>`, `${'长'.repeat(119)}…`],
  ])('without a summary, is the first sentence of the body: %s', (body, sentence) => {
    const outcome = parsePost('2023-03-03-x3.md', post(FRONT, body))
    if (outcome.status !== 'ok') throw new Error(outcome.reasons.join('; '))
    expect(outcome.post.description).toBe(sentence)
  })
})

describe('rejected files, with reasons a person understands', () => {
  it('rejects front matter that is not YAML, naming the line', () => {
    const reasons = rejectedFixture('2023-03-08-202303080000000110.md')
    expect(reasons.join(' ')).toMatch(/YAML/)
    expect(reasons.join(' ')).toMatch(/line \d+/)
  })

  it('rejects a file without front matter', () => {
    expect(rejectedFixture('2023-03-08-202303080000000111.md').join(' ')).toMatch(/front matter/)
  })

  it('rejects a file that is not a post', () => {
    expect(rejectedFixture('notes.txt').join(' ')).toMatch(/not a post/)
  })

  it('rejects an empty post', () => {
    expect(rejectedFixture('2023-03-07-202303070000000109.md').join(' ')).toMatch(/no text/)
    expect(parsePost('2023-03-07-x2.md', '').status).toBe('rejected')
  })

  it('rejects a post with no title and nothing to make one from', () => {
    const outcome = parsePost('2023-03-03-x1.md', post({ ...FRONT, title: '""' }, '<p><img src="https://img.example.com/a.jpg" alt=""></p>'))
    expect(outcome.status).toBe('rejected')
    expect(outcome.status === 'rejected' && outcome.reasons.join(' ')).toMatch(/title/)
  })

  it('keeps a post whose file name has nothing to slug, with a stable made-up id and a reason', () => {
    const first = parsePost('---.md', post(FRONT, '<p>正文</p>'))
    const again = parsePost('---.md', post(FRONT, '<p>正文</p>'))
    if (first.status !== 'ok' || again.status !== 'ok') throw new Error('expected the post to be kept')
    expect(first.post.id).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(again.post.id).toBe(first.post.id)
    expect(parsePost('--.md', post(FRONT, '<p>正文</p>'))).not.toMatchObject({ post: { id: first.post.id } })
    expect(first.post.reasons.join(' ')).toMatch(/file name/)
  })
})

describe('the broken twin of a post', () => {
  it('is read with its problems listed: odd file name, no date, empty title, empty link', () => {
    const p = parsedFixture('-202303060000000108.md')
    expect(p.id).toBe('202303060000000108')
    expect(p.date).toBeNull()
    expect(p.flags).toEqual(expect.arrayContaining(['date-missing', 'title-from-summary']))
    expect(p.reasons.length).toBeGreaterThanOrEqual(3)
    expect(p.sourceUrl).toBeNull()
    expect(p.bodyHtml).not.toContain('&lt;&gt;')
  })
})

describe('file names', () => {
  it('reads Jekyll names', () => {
    expect(readPostFileName('2022-05-26-202205262391921712.md')).toEqual({ id: '202205262391921712', date: '2022-05-26', wellFormed: true, reason: null })
    expect(readPostFileName('2022/2022-05-29-NW202205292395438077.markdown')).toEqual({
      id: 'NW202205292395438077',
      date: '2022-05-29',
      wellFormed: true,
      reason: null,
    })
  })

  it('makes an id of an odd name and says it is odd', () => {
    expect(readPostFileName('-202205262391921712.md')).toMatchObject({ id: '202205262391921712', date: null, wellFormed: false })
    expect(readPostFileName('2022-05-26-ET7 news.md')).toMatchObject({ id: 'ET7-news', date: '2022-05-26', wellFormed: false })
    expect(readPostFileName('2022-05-26-ET7 news.md').reason).toMatch(/not YYYY-MM-DD-<id>\.md: id "ET7-news"/)
  })

  it('keeps the date of a name whose slug is Chinese, and gives two such posts of one day different ids', () => {
    // Jekyll sites often name posts in Chinese; the date part is still a valid date.
    const a = readPostFileName('2022-05-26-蔚来新闻.md')
    const b = readPostFileName('2022-05-26-制冷剂.md')
    expect(a.date).toBe('2022-05-26')
    expect(a.id).not.toBe('')
    expect(a.id).not.toBe(b.id)
  })

  it('makes ids that are safe in a URL and a file name', () => {
    for (const name of ['a b/c', '../../etc/passwd', '蔚来？!', 'ＡＢＣ１２３']) expect(slugify(name)).toMatch(/^[A-Za-z0-9_-]*$/)
    expect(slugify('ＡＢＣ１２３')).toBe('ABC123')
  })
})

describe('title and summary are text', () => {
  const hostile = post(
    { ...FRONT, title: '"<script>alert(1)</script>恶意标题"' },
    '> 摘要第一句<script>alert("SUMMARY-SCRIPT")</script><span style="display:none">HIDDEN-SUMMARY</span>。第二句。\n\n<p>正文</p>',
  )
  const outcome = parsePost('2023-03-03-202303030000000199.md', hostile)
  const p = outcome.status === 'ok' ? outcome.post : null

  it('keeps the words of a summary written with markup', () => {
    const ok = parsePost('2023-03-03-x1.md', post(FRONT, '> 摘要<b>加粗</b>文字 &amp; 符号 <1%。\n\n<p>正文</p>'))
    expect(ok.status === 'ok' && ok.post.summary).toBe('摘要加粗文字 & 符号 <1%。')
  })

  it('never puts the code of a script or the text of a hidden element into the summary', () => {
    expect(p?.summary).toContain('摘要第一句')
    expect(p?.summary).not.toContain('SUMMARY-SCRIPT')
    expect(p?.summary).not.toContain('HIDDEN-SUMMARY')
  })

  it('never carries a <script> tag in the title', () => {
    expect(p?.title).toContain('恶意标题')
    expect(p?.title).not.toMatch(/<script/i)
  })
})
