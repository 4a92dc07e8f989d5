// What a prerendered page inlines of the reader's stylesheet: every rule that could style one of its
// elements, in the stylesheet's order, and not the rules of screens it does not show. (That a page looks the
// same before and after the whole stylesheet arrives is checked in Chromium, tests/e2e/prerender.test.ts.)
import { describe, expect, it } from 'vitest'
import { criticalCss } from '../../src/pipeline/outputs/pages/critical-css.ts'

const PAGE = `<!doctype html><html lang="zh-CN"><head><title>x</title></head><body>
<div id="root"><header class="site-header"><nav aria-label="分类"><a class="nav-link is-current" href="/c/a">A</a></nav></header>
<main id="main" class="feed"><ul class="feed__list"><li class="feed__item"><time datetime="2022-05-31">5月31日</time></li></ul></main></div>
</body></html>`

const forPage = (css: string): string => criticalCss(css).forPage(PAGE)

describe('the critical CSS of a page', () => {
  it('keeps the rules whose classes, ids, elements and attributes are all in the page, and drops the others', () => {
    const css = [
      ':root{--text:#222}',
      'html,body{margin:0}',
      '.site-header .nav-link.is-current{font-weight:700}',
      '#main>.feed__list{padding:0}',
      'nav[aria-label]{display:flex}',
      '.search-results .result{color:red}',
      '.feed__item .save-button{float:right}',
      'details[open]{color:blue}',
      '#search{width:1px}',
    ].join('')
    expect(forPage(css)).toBe(':root{--text:#222}html,body{margin:0}.site-header .nav-link.is-current{font-weight:700}#main>.feed__list{padding:0}nav[aria-label]{display:flex}')
  })

  it('keeps a rule for a state the page can take (hover, focus) and asks nothing of what :not() or :is() hold', () => {
    expect(forPage('.nav-link:hover{color:red}.nav-link:focus-visible{outline:2px solid}.feed__item:not(.is-read){opacity:1}.feed:is(.wide,.narrow){margin:0}time::before{content:""}')).toBe(
      '.nav-link:hover{color:red}.nav-link:focus-visible{outline:2px solid}.feed__item:not(.is-read){opacity:1}.feed:is(.wide,.narrow){margin:0}time::before{content:""}',
    )
  })

  it('filters inside @media and @supports, drops a block left empty, and keeps keyframes whole', () => {
    const css = '@media (prefers-color-scheme:dark){:root{--text:#eee}.search-results{color:#fff}}@media (min-width:60rem){.saved{display:none}}@supports (display:grid){.feed__list{display:grid}}@keyframes pulse{50%{opacity:.5}}'
    expect(forPage(css)).toBe('@media (prefers-color-scheme:dark){:root{--text:#eee}}@supports (display:grid){.feed__list{display:grid}}@keyframes pulse{50%{opacity:.5}}')
  })

  it('keeps the stylesheet’s order, so the whole stylesheet arriving later changes nothing', () => {
    const css = '.feed{color:red}.saved{color:green}.feed{color:blue}'
    expect(forPage(css)).toBe('.feed{color:red}.feed{color:blue}')
  })

  it('keeps a rule whose selector it cannot read, rather than risk an unstyled element', () => {
    expect(forPage('.saved >>> .x{color:red}.saved{color:blue}')).toBe('.saved >>> .x{color:red}')
  })

  it('says so when the stylesheet itself cannot be read (the page then links it as it was)', () => {
    expect(() => criticalCss('.feed{color:red')).toThrow()
  })

  it('reads every start tag as a browser would: a quoted ">", bare and single-quoted values, character references, any case', () => {
    const page = `<P title="a>b" class="after">x</p><DIV Class=bare ID='i1' data-Open></DIV><span class="a&amp;b"></span>`
    const css = '.after{color:red}.bare{color:blue}#i1{margin:0}div[data-open]{gap:0}.a\\&b{padding:0}p{margin:0}.absent{color:green}'
    expect(criticalCss(css).forPage(page)).toBe('.after{color:red}.bare{color:blue}#i1{margin:0}div[data-open]{gap:0}.a\\&b{padding:0}p{margin:0}')
  })

  it('matches element names whatever their case in the stylesheet', () => {
    expect(forPage('MAIN{display:block}SECTION{display:none}')).toBe('MAIN{display:block}')
  })
})
