import { describe, expect, test } from 'vitest'
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { paths } from '../../../../src/content/routes.ts'
import { ENERGY, ROLLING, sampleArchive } from '../../fixtures/sample-news.ts'
import { serveData } from '../../support/data-server.ts'
import { renderApp } from '../../support/render-app.tsx'

const archive = sampleArchive()
const NEWEST = '202603091000000001'
const NEWEST_TITLE = '青松储能发布钠电池新品 能量密度提升两成'

declare global {
  interface Window {
    __pwned?: number
  }
}

function body(): HTMLElement {
  const element = document.querySelector<HTMLElement>('.article-body')
  if (!element) throw new Error('no article body on the page')
  return element
}

describe('an article', () => {
  test('shows title, Beijing date and time, category, tags, source, summary, body, original link and neighbours', async () => {
    serveData(archive.files)
    const user = userEvent.setup()
    renderApp(paths.article(NEWEST))

    const article = within(await screen.findByRole('article'))
    expect(article.getByRole('heading', { level: 1, name: NEWEST_TITLE })).toBeTruthy()
    const time = article.getByText('2026-03-09 19:54 北京时间')
    expect(time.tagName).toBe('TIME')
    expect(time.getAttribute('datetime')).toBe('2026-03-09T19:54:03+08:00')
    expect(article.getAllByRole('link', { name: ROLLING })[0]?.getAttribute('href')).toBe('/c/emnews')
    const tags = within(article.getByRole('list', { name: '标签' })).getAllByRole('link')
    expect(tags.map((tag) => [tag.textContent, tag.getAttribute('href')])).toEqual([
      [ROLLING, paths.tag(ROLLING)],
      [ENERGY, paths.tag(ENERGY)],
    ])
    expect(article.getByText('来源：示例通讯社')).toBeTruthy()
    expect(article.getByText(`${NEWEST_TITLE}。（示例通讯社）`)).toBeTruthy()
    expect(article.getByText('公司表示，新品将于二季度量产。')).toBeTruthy()

    const original = article.getByRole('link', { name: /阅读原文/ })
    expect(original.getAttribute('href')).toBe('https://finance.example.com/news/1.html')
    expect(original.getAttribute('target')).toBe('_blank')
    expect(original.getAttribute('rel')).toBe('noopener noreferrer')

    const neighbours = within(article.getByRole('navigation', { name: '同分类的其他文章' }))
    expect(neighbours.getByText('上一篇（较新）').closest('p')?.textContent).toBe('上一篇（较新）没有了')
    expect(article.getByRole('link', { name: `返回「${ROLLING}」` }).getAttribute('href')).toBe('/c/emnews')
    await waitFor(() => expect(document.title).toBe(`${NEWEST_TITLE} · 金融消息`))

    await user.click(neighbours.getByRole('link', { name: '港股收评：恒指涨1.2% 示例科技领涨' }))
    expect(await screen.findByRole('heading', { level: 1, name: '港股收评：恒指涨1.2% 示例科技领涨' })).toBeTruthy()
    expect(screen.getByRole('link', { name: NEWEST_TITLE })).toBeTruthy()
  })

  test('mentions stay links to their security, opened beside the reader', async () => {
    serveData(archive.files)
    renderApp(paths.article(NEWEST))
    const mention = await within(await screen.findByRole('article')).findByRole('link', { name: '青松储能' })
    expect(mention.getAttribute('data-secid')).toBe('1.688901')
    expect(mention.getAttribute('href')).toBe('https://quote.eastmoney.com/unify/r/1.688901')
    expect(mention.getAttribute('target')).toBe('_blank')
    expect(mention.getAttribute('rel')).toBe('noopener noreferrer')
  })

  test('pictures load lazily without a referrer in a reserved box, and a broken one gives way to its alt text', async () => {
    serveData(archive.files)
    renderApp(paths.article(NEWEST))
    const picture = await screen.findByRole('img', { name: '新品发布会现场' })
    expect(picture.getAttribute('loading')).toBe('lazy')
    expect(picture.getAttribute('referrerpolicy')).toBe('no-referrer')
    expect([picture.getAttribute('width'), picture.getAttribute('height')]).toEqual(['640', '360'])

    fireEvent.error(picture)
    expect(screen.queryByRole('img', { name: '新品发布会现场' })).toBeNull()
    expect(within(body()).getByText('新品发布会现场')).toBeTruthy()
  })

  test('an undated or salvaged article says so', async () => {
    serveData(archive.files)
    const { router } = renderApp(paths.article('202600001000000013'))
    const article = within(await screen.findByRole('article'))
    expect(article.getByText('日期不详')).toBeTruthy()
    expect(article.getByText('注：原文缺少日期')).toBeTruthy()

    await router.navigate(paths.article('202603051000000012'))
    expect(await screen.findByText('注：标题取自摘要')).toBeTruthy()
  })

  test('a hostile body reaches the page without scripts, handlers, frames, forms, styles or javascript: links', async () => {
    serveData(archive.files)
    renderApp(paths.article('NW202603061000000201'))
    await screen.findByText('点击这段文字')
    const html = body()

    expect(within(html).getByText('正文第一段')).toBeTruthy()
    expect(within(html).getByText('带样式的段落').getAttribute('style')).toBeNull()
    expect(html.querySelectorAll('script, iframe, form, input, button, svg, [style]')).toHaveLength(0)
    expect(Array.from(html.querySelectorAll('*')).flatMap((el) => el.getAttributeNames()).filter((name) => name.startsWith('on'))).toEqual([])
    expect(within(html).getByText('伪装的链接').getAttribute('href')).toBeNull()
    expect(within(html).getByRole('link', { name: '正常的链接' }).getAttribute('target')).toBe('_blank')
    expect(within(html).getByRole('link', { name: '远帆电气' }).getAttribute('data-secid')).toBe('0.300998')

    fireEvent.click(within(html).getByText('点击这段文字'))
    fireEvent.error(within(html).getByRole('img', { name: '走势图' }))
    expect(window.__pwned).toBeUndefined()
  })

  test('shows a skeleton while the article loads', async () => {
    const server = serveData(archive.files)
    server.fail(`articles/${NEWEST}.json`, 'hang')
    renderApp(paths.article(NEWEST))
    expect(await screen.findByRole('status')).toBeTruthy()
    expect(screen.getByText('正在加载文章…')).toBeTruthy()
    expect(screen.queryByRole('heading', { level: 1 })).toBeNull()
  })
})

describe('an article that cannot be shown', () => {
  test('an unknown id gets a clear not-found page', async () => {
    serveData(archive.files)
    renderApp(paths.article('202001011234567890'))
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这篇文章' })).toBeTruthy()
    expect(screen.getByText('存档中没有编号为 202001011234567890 的文章。')).toBeTruthy()
    expect(screen.getByRole('link', { name: '返回首页' })).toBeTruthy()
  })

  test('a malformed id is not looked up at all', async () => {
    const server = serveData(archive.files)
    renderApp(paths.article('<script>'))
    expect(await screen.findByRole('heading', { level: 1, name: '找不到这篇文章' })).toBeTruthy()
    expect(server.requests.some((path) => path.startsWith('lookups/'))).toBe(false)
  })

  test('a failed article or look-up shows a message with 重试 in place, and the header keeps working', async () => {
    const server = serveData(archive.files)
    const articlePath = `articles/${NEWEST}.json`
    server.fail(articlePath, 'http-500')
    const user = userEvent.setup()
    renderApp(paths.article(NEWEST))

    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText('服务器暂时无法提供数据（HTTP 500）。')).toBeTruthy()
    server.heal(articlePath)
    await user.click(within(alert).getByRole('button', { name: '重试' }))
    expect(await screen.findByRole('heading', { level: 1, name: NEWEST_TITLE })).toBeTruthy()

    await user.click(within(screen.getByRole('navigation', { name: '分类' })).getByRole('link', { name: 'TechWeb新闻' }))
    expect(await screen.findByRole('heading', { level: 1, name: 'TechWeb新闻' })).toBeTruthy()
  })

  test('a broken look-up table is reported, not taken for a missing article', async () => {
    const server = serveData(archive.files)
    for (const [, shard] of archive.lookupIndex.articles) server.fail(shard, 'broken-json')
    renderApp(paths.article(NEWEST))
    const alert = await screen.findByRole('alert')
    expect(within(alert).getByText('数据文件已损坏，无法读取。')).toBeTruthy()
    expect(screen.queryByText('找不到这篇文章')).toBeNull()
  })
})
