// What a reader sees of a match: marks on the original characters whatever their case or width, a
// snippet around the first match, and a search's state read back from its URL.
import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { Highlighted, snippetOf } from '../../../../src/features/search/highlight.tsx'
import { readSearch, searchQueryString } from '../../../../src/features/search/search-params.ts'

describe('search highlighting', () => {
  it('marks every occurrence on the original text, full-width and upper case included', () => {
    const { container } = render(<Highlighted text="ＢＩＤＵ 与 Bidu：百度公司，公司公告" words={['bidu', '公司']} />)
    expect([...container.querySelectorAll('mark')].map((m) => m.textContent)).toEqual(['ＢＩＤＵ', 'Bidu', '公司', '公司'])
    expect(container.textContent).toBe('ＢＩＤＵ 与 Bidu：百度公司，公司公告')
  })

  it('cuts a snippet around the first match of the body text, not its markup', () => {
    const body = `<p>${'前文'.repeat(60)}</p><p>央行宣布<a data-secid="1.600519" href="https://quote.eastmoney.com/unify/r/1.600519">降准</a>0.25个百分点</p>`
    const snippet = snippetOf({ summary: null, bodyHtml: body }, ['降准'])
    expect(snippet).toContain('央行宣布降准0.25个百分点')
    expect(snippet.startsWith('…')).toBe(true)
    expect(snippet).not.toContain('<')
  })

  it('keeps a search in its URL: query, filters, order; a malformed date is dropped', () => {
    const state = readSearch(new URLSearchParams('q=央行 降准&c=emnews&t=东财滚动新闻&s=1.600519&from=2022-05-01&to=oops&sort=rel'))
    expect(state).toEqual({ q: '央行 降准', sort: 'rel', filters: { category: 'emnews', tag: '东财滚动新闻', secid: '1.600519', from: '2022-05-01', to: undefined } })
    expect(readSearch(new URLSearchParams(searchQueryString(state)))).toEqual(state)
  })
})
