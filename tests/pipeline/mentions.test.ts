// Security markup: every shape Eastmoney writes becomes one mention element, counted per article.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument } from 'htmlparser2'
import { isTag, type AnyNode, type Element } from 'domhandler'
import { describe, expect, it } from 'vitest'
import { quoteUrl } from '../../src/content/secid.ts'
import { parseHtml } from '../../src/pipeline/read/html/parse-html.ts'
import { readMentionMarkup, secidFromDataCode, secidFromQuoteUrl } from '../../src/pipeline/read/html/mentions.ts'
import { parsePost, type ParsedPost } from '../../src/pipeline/read/parse-post.ts'
import { FIXTURE_POSTS } from './support/data-folder.ts'

function firstElement(html: string): Element {
  const el = parseHtml(html).children.find(isTag)
  if (!el) throw new Error('no element')
  return el
}

function links(html: string): Element[] {
  const out: Element[] = []
  const visit = (nodes: readonly AnyNode[]): void => {
    for (const n of nodes) {
      if (!isTag(n)) continue
      if (n.name === 'a') out.push(n)
      visit(n.children)
    }
  }
  visit(parseDocument(html).children)
  return out
}

function textOf(el: Element): string {
  return el.children.map((c) => ('data' in c && typeof c.data === 'string' ? c.data : isTag(c) ? textOf(c) : '')).join('')
}

function parseBody(body: string): ParsedPost {
  const outcome = parsePost('2023-03-03-x1.md', `---\ntitle: "T"\ndate: 2023-03-03 10:00:00 +0800\ncategories: emnews\n---\n${body}\n`)
  if (outcome.status !== 'ok') throw new Error(outcome.reasons.join('; '))
  return outcome.post
}

describe('secidFromQuoteUrl', () => {
  it.each([
    ['http://quote.eastmoney.com/unify/r/1.600519', 1, '600519'],
    ['https://quote.eastmoney.com/unify/r/106.NIO', 106, 'NIO'],
    ['http://quote.eastmoney.com/r/0.002353', 0, '002353'],
    ['//quote.eastmoney.com/unify/r/90.BK0493', 90, 'BK0493'],
    ['http://quote.eastmoney.com/sh600519.html', 1, '600519'],
    ['http://quote.eastmoney.com/sz000001.html', 0, '000001'],
  ])('reads %s', (href, market, code) => {
    expect(secidFromQuoteUrl(href)).toEqual({ market, code })
  })

  it.each([undefined, '', 'http://data.eastmoney.com/bbsj/', 'https://evil.example.com/unify/r/1.600519', 'http://quote.eastmoney.com.evil.example.com/unify/r/1.600519', 'http://quote.eastmoney.com/center/'])(
    'finds no security in %j',
    (href) => {
      expect(secidFromQuoteUrl(href)).toBeNull()
    },
  )
})

describe('secidFromDataCode', () => {
  it('reads "market,code", "code|market|…" and K-line "K code|market|…"', () => {
    expect(secidFromDataCode('1,603138', undefined)).toEqual({ market: 1, code: '603138' })
    expect(secidFromDataCode('NIO|106|7', undefined)).toEqual({ market: 106, code: 'NIO' })
    expect(secidFromDataCode('002752|0|2', undefined)).toEqual({ market: 0, code: '002752' })
    expect(secidFromDataCode('K 000625|0|2', undefined)).toEqual({ market: 0, code: '000625' })
  })

  it('takes the market of a bare code from its quote link, else from A-share conventions', () => {
    expect(secidFromDataCode('000001', 'http://quote.eastmoney.com/unify/r/1.000001')).toEqual({ market: 1, code: '000001' })
    expect(secidFromDataCode('000001', undefined)).toEqual({ market: 0, code: '000001' })
    expect(secidFromDataCode('600519', undefined)).toEqual({ market: 1, code: '600519' })
    expect(secidFromDataCode('XYZ', undefined)).toBeNull()
  })
})

describe('readMentionMarkup', () => {
  it.each([
    ['<span id="stock_1.603999"><a class="keytip" data-code="1,603999">青禾数据</a></span>', '1.603999', false],
    ['<span id="bk_90.BK9901"><a class="keytip" data-code="90,BK9901">储能材料</a></span>', '90.BK9901', false],
    ['<span id="Info.116.09999"><a>云梯控股</a></span>', '116.09999', false],
    ['<span class="em_stock_key_common" data-code="106,XHA">星河汽车</span>', '106.XHA', false],
    ['<a class="EmImageRemark" data-code="XHA|106|7" href="http://quote.eastmoney.com/unify/r/106.XHA"><img></a>', '106.XHA', true],
    ['<img data-code="K 300999|0|2" src="https://webquoteklinepic.eastmoney.com/x">', '0.300999', true],
    ['<a href="http://quote.eastmoney.com/r/0.002999" data-code="002999">山川电气</a>', '0.002999', false],
    ['<a href="http://quote.eastmoney.com/unify/r/0.399006" class="infokey">创业板指</a>', '0.399006', false],
    ['<a href="http://quote.eastmoney.com/unify/r/1.600519" class="infokey">行情</a>', '1.600519', false],
  ])('recognizes %s', (html, secid, kline) => {
    expect(readMentionMarkup(firstElement(html))).toMatchObject({ secid, kline })
  })

  it.each([
    '<span id="Info.3321"><a href="http://data.eastmoney.com/bbsj/" class="infokey">业绩</a></span>',
    '<a href="http://data.eastmoney.com/gstz/detail.aspx?type=1" class="infokey">证券投资</a>',
    '<span id="Info.3259"><a href="http://quote.eastmoney.com/unify/r/0.399006" class="infokey">创业板指</a></span>',
    '<span id="quote_1.603999"></span>',
    '<img data-code="300999|0|2" src="https://img.example.com/a.jpg">',
    '<a href="https://www.example.com/">链接</a>',
  ])('does not take %s for a security', (html) => {
    expect(readMentionMarkup(firstElement(html))).toBeNull()
  })
})

describe('the mentions of an article', () => {
  const file = '2023-03-01-202303010000000101.md'
  const outcome = parsePost(file, readFileSync(join(FIXTURE_POSTS, file), 'utf8'))
  if (outcome.status !== 'ok') throw new Error(outcome.reasons.join('; '))
  const post = outcome.post

  it('lists each security once, in order of first appearance, K-line charts included', () => {
    expect(post.mentions.map((m) => m.secid)).toEqual(['0.300999', '1.603999', '90.BK9901', '105.XHAU', '116.09999', '0.002999'])
  })

  it('counts every occurrence: names, repeats and charts', () => {
    expect(Object.fromEntries(post.mentions.map((m) => [m.secid, m.count]))).toEqual({
      '0.300999': 3,
      '1.603999': 3,
      '90.BK9901': 2,
      '105.XHAU': 1,
      '116.09999': 1,
      '0.002999': 1,
    })
  })

  it('names each security as the article writes it, even when a chart comes first', () => {
    expect(post.mentions.map((m) => m.name)).toEqual(['蓝鲸新材', '青禾数据', '储能材料', '星河汽车', '云梯控股', '山川电气'])
  })

  it('classifies each by its market', () => {
    expect(post.mentions.map((m) => [m.market, m.code, m.kind, m.exchange])).toEqual([
      [0, '300999', 'stock', 'SZ'],
      [1, '603999', 'stock', 'SH'],
      [90, 'BK9901', 'board', null],
      [105, 'XHAU', 'stock', 'US'],
      [116, '09999', 'stock', 'HK'],
      [0, '002999', 'stock', 'SZ'],
    ])
  })

  it('does not count the board span inside the media credit', () => {
    expect(post.mentions.map((m) => m.secid)).not.toContain('90.BK9902')
    expect(post.bodyHtml).not.toContain('BK9902')
  })

  it('writes every mention as <a data-secid href=quote page>, once per occurrence, and nothing else as one', () => {
    const mentionLinks = links(post.bodyHtml).filter((a) => a.attribs['data-secid'] !== undefined)
    for (const a of mentionLinks) {
      const secid = a.attribs['data-secid'] ?? ''
      expect(Object.keys(a.attribs).sort()).toEqual(['data-secid', 'href'])
      expect(a.attribs.href).toBe(quoteUrl(secid))
    }
    const perSecid = new Map<string, number>()
    for (const a of mentionLinks) perSecid.set(a.attribs['data-secid'] ?? '', (perSecid.get(a.attribs['data-secid'] ?? '') ?? 0) + 1)
    expect(Object.fromEntries(perSecid)).toEqual(Object.fromEntries(post.mentions.map((m) => [m.secid, m.count])))
    const named = mentionLinks.filter((a) => textOf(a) !== '')
    expect(named.map(textOf)).toEqual(['青禾数据', '蓝鲸新材', '储能材料', '星河汽车', '云梯控股', '青禾数据', '储能材料', '山川电气', '蓝鲸新材'])
  })

  it('keeps an infokey link as a plain link', () => {
    const infokey = links(post.bodyHtml).find((a) => textOf(a) === '公告')
    expect(infokey?.attribs).toEqual({ href: 'http://data.eastmoney.com/notices/' })
  })

  it('drops the empty quote placeholders', () => {
    expect(post.bodyHtml).not.toMatch(/quote_|bkquote_/)
  })

  it('keeps a K-line chart as an image inside its mention link', () => {
    const chart = links(post.bodyHtml).find((a) => a.attribs['data-secid'] === '0.300999')
    expect(chart?.children.some((c) => isTag(c) && c.name === 'img')).toBe(true)
  })
})

describe('Eastmoney keyword links (a.infokey)', () => {
  const index = '<span id="Info.3259"><a href="http://quote.eastmoney.com/unify/r/0.399006" class="infokey">创业板指</a></span>'
  const data = '<span id="Info.3321"><a href="http://data.eastmoney.com/bbsj/" class="infokey">业绩</a></span>'
  const post = parseBody(`<p>${index}跌1.2%，${data}预告密集发布，${index}成交放量。</p>`)

  it('are a mention of the security whose quote page they link to, counted and named as written', () => {
    expect(post.mentions).toEqual([{ secid: '0.399006', market: 0, code: '399006', name: '创业板指', kind: 'index', exchange: 'SZ', count: 2 }])
  })

  it('become the same mention element as every other mention, once per occurrence', () => {
    const mentionLinks = links(post.bodyHtml).filter((a) => a.attribs['data-secid'] !== undefined)
    expect(mentionLinks.map((a) => [a.attribs, textOf(a)])).toEqual([
      [{ 'data-secid': '0.399006', href: quoteUrl('0.399006') }, '创业板指'],
      [{ 'data-secid': '0.399006', href: quoteUrl('0.399006') }, '创业板指'],
    ])
  })

  it('stay a plain link with their words when they link to a data page', () => {
    expect(links(post.bodyHtml).filter((a) => textOf(a) === '业绩').map((a) => a.attribs)).toEqual([{ href: 'http://data.eastmoney.com/bbsj/' }])
  })
})

describe('mention edge cases', () => {
  it('names a security by its code when the article only shows its chart', () => {
    const post = parseBody('<p><img data-code="K 300999|0|2" src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=0.300999" alt="K图"></p><p>正文</p>')
    expect(post.mentions).toEqual([{ secid: '0.300999', market: 0, code: '300999', name: '300999', kind: 'stock', exchange: 'SZ', count: 1 }])
  })

  it('does not count markup hidden from the reader', () => {
    const post = parseBody('<p style="display:none"><span id="stock_1.603999"><a class="keytip" data-code="1,603999">青禾数据</a></span></p><p>正文</p>')
    expect(post.mentions).toEqual([])
  })

  it('classifies an unknown market as "other" without failing the post', () => {
    const post = parseBody('<p><span id="stock_999.ABC"><a class="keytip" data-code="999,ABC">某资产</a></span></p>')
    expect(post.mentions).toEqual([{ secid: '999.ABC', market: 999, code: 'ABC', name: '某资产', kind: 'other', exchange: null, count: 1 }])
  })

  it('folds the white space of a name written across lines', () => {
    const post = parseBody('<p><span class="em_stock_key_common" data-code="1,603999">青禾\n  数据</span></p>')
    expect(post.mentions[0]?.name).toBe('青禾 数据')
  })
})
