// Addresses shared by the app and the pipeline: the reader's routes and the syndication files.
import { describe, expect, it } from 'vitest'
import { paths } from '../../src/content/routes.ts'
import { categoryFeedPath, tagFeedPath } from '../../src/content/site-paths.ts'

describe('reader addresses', () => {
  it('encode slugs with spaces and brackets, Chinese tags and secids as one path segment each', () => {
    expect(paths.category('21shijijingjibaodao  nancailicaitong')).toBe('/c/21shijijingjibaodao%20%20nancailicaitong')
    expect(paths.category('anxinguojizhengquan(xianggang)')).toBe(`/c/${encodeURIComponent('anxinguojizhengquan(xianggang)')}`)
    expect(decodeURIComponent(paths.tag('财联社新闻').slice(3))).toBe('财联社新闻')
    expect(paths.tag('a/b')).toBe('/t/a%2Fb')
    expect(paths.article('NW202205302396671291')).toBe('/a/NW202205302396671291')
    expect(paths.stock('90.BK0493')).toBe('/s/90.BK0493')
  })

  it('keep a feed tag filter in the query string', () => {
    const url = new URL(paths.category('emnews', ['东财滚动新闻', 'A&B']), 'https://reader.example.com')
    expect(url.pathname).toBe('/c/emnews')
    expect(url.searchParams.getAll('tag')).toEqual(['东财滚动新闻', 'A&B'])
    expect(paths.tag('港口')).not.toContain('?')
  })
})

describe('syndication file names', () => {
  it('differ for slugs that differ only in case (TechWeb / Techweb)', () => {
    expect(categoryFeedPath('TechWeb')).not.toBe(categoryFeedPath('Techweb'))
  })

  it('are plain ASCII file names inside their folder even for Chinese tags and odd slugs', () => {
    for (const key of ['东财滚动新闻', '21shijijingjibaodao 21caijingAPP', 'anxinguojizhengquan(xianggang)', '../../etc']) {
      for (const path of [categoryFeedPath(key), tagFeedPath(key)]) {
        expect(path).toMatch(/^feeds\/(category|tag)\/[a-z0-9-]+\.xml$/)
      }
    }
    expect(tagFeedPath('东财滚动新闻')).not.toBe(tagFeedPath('财联社新闻'))
  })
})
