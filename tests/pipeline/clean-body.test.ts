// The allow-list cleaner, against a hostile post: what a reader can run, load or not see never reaches the data.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseDocument } from 'htmlparser2'
import { isComment, isTag, isText, type AnyNode, type Element } from 'domhandler'
import { describe, expect, it } from 'vitest'
import { bodyAttributeValue, isBodyElement } from '../../src/content/allow-list.ts'
import { safeUrl } from '../../src/pipeline/read/html/clean-body.ts'
import { imageSize } from '../../src/pipeline/read/html/images.ts'
import { parsePost, type ParsedPost } from '../../src/pipeline/read/parse-post.ts'
import { FIXTURE_POSTS } from './support/data-folder.ts'

function elements(nodes: readonly AnyNode[]): Element[] {
  const out: Element[] = []
  const visit = (list: readonly AnyNode[]): void => {
    for (const n of list) {
      if (isTag(n)) {
        out.push(n)
        visit(n.children)
      }
    }
  }
  visit(nodes)
  return out
}

function textOf(nodes: readonly AnyNode[]): string {
  let text = ''
  for (const n of nodes) {
    if (isText(n)) text += n.data
    else if (isTag(n)) text += textOf(n.children)
  }
  return text
}

function hasComment(nodes: readonly AnyNode[]): boolean {
  return nodes.some((n) => isComment(n) || (isTag(n) && hasComment(n.children)))
}

function parseBody(post: ParsedPost): AnyNode[] {
  return parseDocument(post.bodyHtml, { decodeEntities: true }).children
}

function parseHostile(): ParsedPost {
  const file = '2023-03-03-202303030000000105.md'
  const outcome = parsePost(file, readFileSync(join(FIXTURE_POSTS, file), 'utf8'))
  if (outcome.status !== 'ok') throw new Error(outcome.reasons.join('; '))
  return outcome.post
}

function bodyOf(html: string): ParsedPost {
  const outcome = parsePost('2023-03-03-x1.md', `---\ntitle: "T"\ndate: 2023-03-03 10:00:00 +0800\ncategories: emnews\n---\n${html}\n`)
  if (outcome.status !== 'ok') throw new Error(outcome.reasons.join('; '))
  return outcome.post
}

describe('a hostile post', () => {
  const post = parseHostile()
  const nodes = parseBody(post)
  const all = elements(nodes)
  const text = textOf(nodes)

  it('loses script, style, iframe, form, object and their kin, with everything inside them', () => {
    const banned = ['script', 'style', 'iframe', 'form', 'input', 'button', 'object', 'param', 'embed', 'svg', 'math', 'noscript', 'template', 'textarea', 'select', 'option', 'meta', 'base', 'link']
    expect(all.map((el) => el.name).filter((name) => banned.includes(name))).toEqual([])
    for (const inner of ['SCRIPT-BLOCK', 'INLINE-SCRIPT', 'STYLE-BLOCK', 'IFRAME-FALLBACK', 'FORM-INPUT', 'FORM-BUTTON', 'OBJECT-CONTENT', 'SVG-SCRIPT', 'SVG-TEXT', 'MATH-TEXT', 'NOSCRIPT-TEXT', 'TEMPLATE-TEXT', 'TEXTAREA-TEXT', 'OPTION-TEXT']) {
      expect(text).not.toContain(inner)
    }
    expect(post.bodyHtml).not.toContain('evil.example.com')
  })

  it('removes every on* handler and every style attribute', () => {
    const attributes = all.flatMap((el) => Object.keys(el.attribs))
    expect(attributes.filter((a) => a.toLowerCase().startsWith('on'))).toEqual([])
    expect(attributes).not.toContain('style')
    expect(post.bodyHtml).not.toMatch(/\son\w+\s*=/i)
    expect(post.bodyHtml).not.toMatch(/style=/i)
  })

  it('keeps only http(s) addresses: javascript: and data: links lose their link but keep their words', () => {
    const urls = all.flatMap((el) => ['href', 'src'].map((a) => el.attribs[a]).filter((v): v is string => v !== undefined))
    expect(urls.length).toBeGreaterThan(0)
    for (const url of urls) expect(url).toMatch(/^https?:\/\//)
    expect(post.bodyHtml).not.toMatch(/javascript:|data:/i)
    for (const words of ['脚本链接文字', '大小写链接文字', '编码链接文字', '数据链接文字']) expect(text).toContain(words)
  })

  it('drops hidden elements and comments', () => {
    expect(text).not.toMatch(/HIDDEN-PARAGRAPH|HIDDEN-SPAN|HIDDEN-ATTRIBUTE|COMMENT-TEXT/)
    expect(hasComment(nodes)).toBe(false)
    expect(text).toContain('可见文字')
  })

  it('unwraps relative links to the old site and keeps absolute ones with only their address', () => {
    const links = all.filter((el) => el.name === 'a')
    const byText = new Map(links.map((a) => [textOf(a.children), a]))
    expect(text).toContain('相对链接文字')
    expect(text).toContain('根相对链接文字')
    expect(byText.has('相对链接文字')).toBe(false)
    expect(byText.has('根相对链接文字')).toBe(false)
    expect(byText.get('外部链接文字')?.attribs).toEqual({ href: 'https://www.example.com/report?a=1&b=2' })
  })

  it('keeps a centred paragraph centred, by class rather than style', () => {
    const centred = all.find((el) => textOf(el.children) === '居中段落')
    expect(centred?.attribs).toEqual({ class: 'center' })
  })

  it('keeps images with src, alt and their size, inferring the height from a _w800h450 name', () => {
    const images = all.filter((el) => el.name === 'img').map((el) => el.attribs)
    expect(images).toEqual([
      { src: 'https://img.example.com/2023/chart_w800h450.jpg', alt: '营收走势', width: '400', height: '225' },
      { src: 'https://img.example.com/2023/photo_w640h480.png', alt: '协议相对图片', width: '640', height: '480' },
      { src: 'https://img.example.com/2023/plain.jpg', alt: '无尺寸图片' },
      { src: 'https://img.example.com/2023/square.jpg', alt: '有尺寸图片', width: '300', height: '200' },
    ])
    expect(post.images).toEqual([
      { src: 'https://img.example.com/2023/chart_w800h450.jpg', alt: '营收走势', width: 400, height: 225 },
      { src: 'https://img.example.com/2023/photo_w640h480.png', alt: '协议相对图片', width: 640, height: 480 },
      { src: 'https://img.example.com/2023/plain.jpg', alt: '无尺寸图片', width: null, height: null },
      { src: 'https://img.example.com/2023/square.jpg', alt: '有尺寸图片', width: 300, height: 200 },
    ])
  })

  it('drops images it must not load: data:, javascript: and relative addresses', () => {
    expect(post.bodyHtml).not.toMatch(/DATA-IMAGE|SCRIPT-IMAGE|RELATIVE-IMAGE/)
  })

  it('keeps table cells with their span, and raw text such as <1% and A&B as text', () => {
    const cell = all.find((el) => el.name === 'td')
    expect(cell?.attribs).toEqual({ colspan: '2' })
    expect(text).toContain('原始符号 <1% 与 A&B 保留。')
  })

  it('keeps the readable text of the post', () => {
    for (const words of ['天穹证券发布研究报告，看好行业前景。', '第一段', '继续', '背景段落', '表格单元']) expect(text).toContain(words)
    expect(post.textLength).toBe(text.replace(/\s/g, '').length)
  })
})

describe('a table', () => {
  it('has its rows in a section, as a browser’s parser puts them, and keeps a section the post wrote', () => {
    const post = bodyOf('<table>\n<tr><td>一</td></tr>\n<tr><td>二</td></tr>\n<caption>题</caption><tbody><tr><td>三</td></tr></tbody></table>')
    const table = elements(parseBody(post)).find((el) => el.name === 'table')
    expect(table?.children.filter(isTag).map((el) => el.name)).toEqual(['tbody', 'caption', 'tbody'])
    const [first, , last] = table?.children.filter(isTag) ?? []
    expect(elements(first?.children ?? []).filter((el) => el.name === 'tr').map((row) => textOf(row.children))).toEqual(['一', '二'])
    expect(textOf(last?.children ?? [])).toBe('三')
  })
})

describe('the allow-list the reader sanitizes with', () => {
  const post = bodyOf(
    [
      '<p align="CENTER" title="标题">居中</p>',
      '<p>联系<a href="mailto:ir@example.com">ir@example.com</a>，详见<a href="https://www.example.com/a" title="  报告\n 原文 " class="ext" id="x">报告</a>。</p>',
      '<ol start="3" type="a"><li>第三</li></ol>',
      '<table><tr><td colspan=" 2 " rowspan="x" align="center" width="50%">单元</td></tr></table>',
      '<p><img src="https://img.example.com/a_w800h450.jpg" alt="a]>b" width="400" class="center"></p>',
    ].join('\n'),
  )
  const all = elements(parseBody(post))

  it('is all the pipeline writes: its elements, each with its own attributes, classes and web addresses', () => {
    for (const el of all) {
      expect(isBodyElement(el.name), el.name).toBe(true)
      for (const [name, value] of Object.entries(el.attribs)) expect(bodyAttributeValue(el.name, name, value), `${el.name} ${name}="${value}"`).toBe(value)
    }
  })

  it('keeps what a reader needs of such markup: centring, a list start, cell spans, a link title', () => {
    const byName = (name: string): Record<string, string>[] => all.filter((el) => el.name === name).map((el) => el.attribs)
    expect(byName('p')[0]).toEqual({ class: 'center' })
    expect(byName('ol')).toEqual([{ start: '3' }])
    expect(byName('td')).toEqual([{ colspan: '2', class: 'center' }])
    expect(byName('a')).toEqual([{ href: 'https://www.example.com/a', title: '报告 原文' }])
  })

  it('writes a mail address as text, not as a link', () => {
    expect(textOf(parseBody(post))).toContain('联系ir@example.com')
    expect(post.bodyHtml).not.toContain('mailto:')
  })

  it('drops a value that could end a comment or a raw-text element if re-parsed, as the reader would', () => {
    expect(all.filter((el) => el.name === 'img').map((el) => el.attribs.alt)).toEqual([''])
    expect(post.images.map((i) => i.alt)).toEqual([''])
  })
})

describe('cleaning details', () => {
  it('renames an h1 to h2 (the article title is the page heading) and a center to a centred div', () => {
    const html = bodyOf('<h1>小标题</h1>\n\n<center>居中</center>').bodyHtml
    expect(html).toContain('<h2>小标题</h2>')
    expect(html).toContain('<div class="center">居中</div>')
  })

  it('drops paragraphs that cleaning left empty', () => {
    const html = bodyOf('<p style="display:none;height:1px;"><br /></p><p><span></span></p><p>正文</p>').bodyHtml
    expect(html).toBe('<p>正文</p>')
  })
})

describe('safeUrl', () => {
  it('keeps http and https, and makes protocol-relative addresses https', () => {
    expect(safeUrl('https://www.example.com/a?b=1&c=2')).toBe('https://www.example.com/a?b=1&c=2')
    expect(safeUrl('  http://www.example.com/  ')).toBe('http://www.example.com/')
    expect(safeUrl('//img.example.com/a.jpg')).toBe('https://img.example.com/a.jpg')
  })

  it.each(['javascript:alert(1)', ' JAVASCRIPT:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<script>', 'vbscript:x', 'file:///etc/passwd', 'mailto:ir@example.com', '../emnews/', '/category/x.html', '#top', '', undefined])(
    'refuses %j',
    (url) => {
      expect(safeUrl(url)).toBeNull()
    },
  )
})

describe('imageSize', () => {
  const src = 'https://dfscdn.dfcfw.com/download/D24676903417074885805_w800h555.jpg'

  it('reads the size from an Eastmoney CDN name', () => {
    expect(imageSize(src, null, null)).toEqual({ width: 800, height: 555 })
  })

  it('scales the named size to a given width or height', () => {
    expect(imageSize(src, 552, null)).toEqual({ width: 552, height: Math.round((552 * 555) / 800) })
    expect(imageSize(src, null, 111)).toEqual({ width: 160, height: 111 })
  })

  it('trusts a complete size in the markup', () => {
    expect(imageSize(src, 300, 200)).toEqual({ width: 300, height: 200 })
  })

  it('does not invent a size for other names', () => {
    expect(imageSize('https://img.example.com/a.jpg', 400, null)).toEqual({ width: 400, height: null })
    expect(imageSize('https://img.example.com/a_w800h450.jpg?x=1', null, null)).toEqual({ width: 800, height: 450 })
    expect(imageSize('https://img.example.com/a_w800h450.txt', null, null)).toEqual({ width: null, height: null })
  })
})
