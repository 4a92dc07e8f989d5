// The allow-list on its own: a fresh DOMPurify instance, configured the way ArticleBody's is.
import { describe, expect, test } from 'vitest'
import DOMPurify from 'dompurify'
import { BODY_SANITIZE_CONFIG, configureBodySanitizer } from '../../../../src/features/article/sanitize-config.ts'

const purify = DOMPurify(window)
configureBodySanitizer(purify)

/** Sanitizes `html` and hands back a detached element holding the result, to inspect like a page. */
function clean(html: string): HTMLElement {
  const holder = document.createElement('div')
  holder.innerHTML = purify.sanitize(html, BODY_SANITIZE_CONFIG)
  return holder
}

describe('the body sanitizer', () => {
  test('drops scripts, keeping the text around them', () => {
    const out = clean('<p>前文<script>alert(1)</script>后文</p><svg><script>alert(2)</script></svg>')
    expect(out.querySelector('script, svg')).toBeNull()
    expect(out.textContent).toBe('前文后文')
  })

  test('drops every on* handler', () => {
    const out = clean('<p onclick="a()" onmouseover="b()">段落</p><img src="https://x.example/a.png" onerror="c()" onload="d()" alt="图">')
    const names = Array.from(out.querySelectorAll('*')).flatMap((el) => el.getAttributeNames())
    expect(names.filter((name) => name.startsWith('on'))).toEqual([])
  })

  test.each(['javascript:alert(1)', ' JaVaScRiPt:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'vbscript:x', '/relative/path', 'mailto:ir@example.com', '//cdn.example.com/x'])(
    'removes the link target %j but keeps the words',
    (href) => {
      const out = clean(`<a href="${href}">链接文字</a>`)
      expect(out.querySelector('a')?.hasAttribute('href')).toBe(false)
      expect(out.textContent).toBe('链接文字')
    },
  )

  test('drops iframes, objects, forms and their fields', () => {
    const out = clean(
      '<iframe src="https://evil.example/"></iframe><object data="x.swf"></object><embed src="x">' +
        '<form action="https://evil.example/"><input name="q"><textarea></textarea><select><option>1</option></select><button>提交</button></form>',
    )
    expect(out.querySelector('iframe, object, embed, form, input, textarea, select, button')).toBeNull()
  })

  test('drops style and id attributes, classes the reader does not style, and style elements', () => {
    const out = clean('<style>body{display:none}</style><p style="position:fixed" class="x" id="main">段落</p>')
    expect(out.querySelector('style')).toBeNull()
    expect(out.querySelector('p')?.getAttributeNames()).toEqual([])
  })

  test('keeps the centring the pipeline writes, and only that class', () => {
    const out = clean('<div class="center"><img src="https://img.example.com/a.jpg" alt="图"></div><p class="center x">图片来源：示例</p>')
    expect(out.querySelector('div')?.className).toBe('center')
    expect(out.querySelector('p')?.className).toBe('center')
  })

  test('keeps each attribute only on the element it belongs to', () => {
    const out = clean('<p width="10" colspan="2" href="https://example.com/" title="段">段落</p><ol start="3"><li>三</li></ol>')
    expect(out.querySelector('p')?.getAttributeNames()).toEqual([])
    expect(out.querySelector('ol')?.getAttribute('start')).toBe('3')
  })

  test('removes an image that is not on the web: data: and relative sources', () => {
    const out = clean('<img src="data:image/png;base64,iVBORw0KGgo=" alt="数据图"><img src="images/a.jpg" alt="相对图">')
    for (const img of Array.from(out.querySelectorAll('img'))) expect(img.hasAttribute('src')).toBe(false)
  })

  test('keeps mention links with their data-secid, and no other data attribute', () => {
    const out = clean(
      '<a data-secid="1.603138" href="https://quote.eastmoney.com/unify/r/1.603138" data-code="1,603138">海量数据</a>' +
        '<a data-secid="not a secid" href="https://example.com/">假代码</a><span data-secid="1.600000">文字</span>',
    )
    const [mention, fake] = Array.from(out.querySelectorAll('a'))
    expect(mention?.getAttribute('data-secid')).toBe('1.603138')
    expect(mention?.hasAttribute('data-code')).toBe(false)
    expect(fake?.hasAttribute('data-secid')).toBe(false)
    expect(out.querySelectorAll('[data-secid]')).toHaveLength(1)
    expect(out.textContent).toContain('文字')
  })

  test('opens every link in a new tab with rel="noopener noreferrer", whatever the source said', () => {
    const out = clean('<a href="https://example.com/" target="_self" rel="opener">外部链接</a><a href="http://cdn.example.com/x">不加密</a>')
    for (const link of Array.from(out.querySelectorAll('a'))) {
      expect(link.getAttribute('target')).toBe('_blank')
      expect(link.getAttribute('rel')).toBe('noopener noreferrer')
    }
  })

  test('gives images lazy loading and no referrer, and keeps numeric dimensions only', () => {
    const out = clean('<img src="https://img.example.com/a.jpg" alt="图一" width="552" height="311"><img src="https://img.example.com/b.jpg" alt="图二" width="100%" height="auto">')
    const [first, second] = Array.from(out.querySelectorAll('img'))
    expect(first?.getAttribute('loading')).toBe('lazy')
    expect(first?.getAttribute('referrerpolicy')).toBe('no-referrer')
    expect([first?.getAttribute('width'), first?.getAttribute('height')]).toEqual(['552', '311'])
    expect(second?.hasAttribute('width')).toBe(false)
    expect(second?.hasAttribute('height')).toBe(false)
  })

  test('keeps ordinary article markup as it is', () => {
    const html = '<p>第一段<strong>重点</strong><br>换行</p><blockquote><p>引文</p></blockquote><ol start="2"><li>二</li></ol><table><tbody><tr><td colspan="2">表格</td></tr></tbody></table>'
    expect(purify.sanitize(html, BODY_SANITIZE_CONFIG)).toBe(html)
  })
})
