// HTML nested thousands of levels deep (hostile, or a broken scraper) is published with its text, like any
// post, instead of failing with "Maximum call stack size exceeded".
import { parseDocument } from 'htmlparser2'
import { isTag, isText, type AnyNode } from 'domhandler'
import { describe, expect, it } from 'vitest'
import { MAX_DEPTH } from '../../src/pipeline/read/html/parse-html.ts'
import { parsePost, type ParsedPost } from '../../src/pipeline/read/parse-post.ts'

const FRONT = '---\ntitle: "深层嵌套"\ndate: 2023-03-03 10:00:00 +0800\ncategories: emnews\n---\n'

/** The words of a body in document order, walked without recursion (the test must survive the depth too). */
function wordsOf(html: string): string {
  let text = ''
  const stack: AnyNode[] = [...parseDocument(html).children].reverse()
  for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
    if (isText(node)) text += node.data
    else if (isTag(node)) for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode)
  }
  return text
}

/** How many elements deep a body goes. */
function depthOf(html: string): number {
  let deepest = 0
  const stack: [AnyNode, number][] = parseDocument(html).children.map((n) => [n, 1])
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    const [node, depth] = item
    if (!isTag(node)) continue
    deepest = Math.max(deepest, depth)
    for (const child of node.children) stack.push([child, depth + 1])
  }
  return deepest
}

/** Markers of the text at some levels on the way down, in the order a reader meets them. */
function markers(levels: number): string[] {
  const every = levels / 4
  return [...Array.from({ length: 4 }, (_, i) => `第${i * every}层`), '最深处', '收尾']
}

/**
 * A post whose body nests `levels` times `open … close`, with words every quarter of the way down; at the
 * bottom a picture, a hidden span and a script; after it all, a closing line.
 */
function deepPost(levels: number, open: string, close: string): string {
  const every = levels / 4
  let html = '<p>开头</p>\n\n'
  for (let i = 0; i < levels; i++) html += i % every === 0 ? `${open}第${i}层` : open
  html += '最深处<img src="https://img.example.com/deep.jpg" alt="深处的图"><span style="display:none">HIDDEN-DEEP</span><script>alert("SCRIPT-DEEP")</script>'
  html += close.repeat(levels)
  return `${FRONT}${html}\n\n<p>收尾</p>\n`
}

function published(text: string): ParsedPost {
  const outcome = parsePost('2023-03-03-deep.md', text)
  if (outcome.status !== 'ok') throw new Error(`rejected: ${outcome.reasons.join('; ')}`)
  return outcome.post
}

function expectInOrder(text: string, words: string[]): void {
  let from = 0
  for (const word of words) {
    const at = text.indexOf(word, from)
    expect(at, `${word} after position ${from}`).toBeGreaterThanOrEqual(0)
    from = at + word.length
  }
}

const SHAPES: [string, string, string][] = [
  ['div', '<div>', '</div>'],
  ['span', '<span>', '</span>'],
  ['b', '<b>', '</b>'],
  ['blockquote', '<blockquote>', '</blockquote>'],
  ['list', '<ul><li>', '</li></ul>'],
  ['table', '<table><tr><td>', '</td></tr></table>'],
]

describe('a body nested 2,000 levels deep', () => {
  it.each(SHAPES)('(%s) is published with all its words, in order, and its picture', (_, open, close) => {
    const post = published(deepPost(2000, open, close))
    expectInOrder(wordsOf(post.bodyHtml), ['开头', ...markers(2000)])
    expect(post.images.map((i) => i.src)).toEqual(['https://img.example.com/deep.jpg'])
    expect(post.bodyHtml).toContain('alt="深处的图"')
  })

  it.each(SHAPES)('(%s) still shows nothing hidden and runs nothing', (_, open, close) => {
    const post = published(deepPost(2000, open, close))
    expect(post.bodyHtml).not.toMatch(/HIDDEN-DEEP|SCRIPT-DEEP|<script/)
  })

  it('reaches the reader no deeper than the pipeline keeps markup', () => {
    for (const [, open, close] of SHAPES) expect(depthOf(published(deepPost(2000, open, close)).bodyHtml)).toBeLessThanOrEqual(MAX_DEPTH + 1)
  })

  it('keeps a mention written near the top', () => {
    const mention = '<span id="stock_1.603999"><a class="keytip" data-code="1,603999">青禾数据</a></span>'
    const post = published(`${FRONT}<div>${'<div>'.repeat(10)}${mention}${'<div>'.repeat(2000)}深处${'</div>'.repeat(2011)}\n`)
    expect(post.mentions.map((m) => [m.secid, m.name])).toEqual([['1.603999', '青禾数据']])
  })

  it('as a title, gives the title its words', () => {
    const title = `${'<b>'.repeat(2000)}深层标题${'</b>'.repeat(2000)}`
    const outcome = parsePost('2023-03-03-deep.md', `---\ntitle: '${title}'\ndate: 2023-03-03 10:00:00 +0800\ncategories: emnews\n---\n<p>正文</p>\n`)
    expect(outcome.status === 'ok' && outcome.post.title).toBe('深层标题')
  })
})

describe('a body nested 50,000 levels deep', () => {
  it.each(SHAPES.slice(0, 2))('(%s) is published with all its words, in order, and its picture, and nothing hidden', (_, open, close) => {
    const post = published(deepPost(50_000, open, close))
    expectInOrder(wordsOf(post.bodyHtml), ['开头', ...markers(50_000)])
    expect(post.images.map((i) => i.src)).toEqual(['https://img.example.com/deep.jpg'])
    expect(post.bodyHtml).not.toMatch(/HIDDEN-DEEP|SCRIPT-DEEP|<script/)
    expect(depthOf(post.bodyHtml)).toBeLessThanOrEqual(MAX_DEPTH + 1)
  })
})
