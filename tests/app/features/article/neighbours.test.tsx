// 上一篇 / 下一篇 come from the article's look-up entry, and so does its file when the reader arrives by
// address. From a feed, which knows the file, the article and the entry load side by side: the article
// may show first, with the neighbours' places kept (and said to be loading) until the entry arrives.
import { describe, expect, test } from 'vitest'
import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { shardOf } from '../../../../src/content/lookup-shards.ts'
import { paths } from '../../../../src/content/routes.ts'
import { ArticleLookupSchema, type ArticleEntry } from '../../../../src/content/lookup-schema.ts'
import type { Archive } from '../../fixtures/archive.ts'
import { sampleArchive } from '../../fixtures/sample-news.ts'
import { serveData } from '../../support/data-server.ts'
import { renderApp } from '../../support/render-app.tsx'

const archive = sampleArchive()
/** 远帆电气中标海上风电项目: the third newest in emnews, on its first page, with a neighbour either side. */
const ID = '202603091000000003'
const TITLE = '远帆电气中标海上风电项目'
const NEWER_TITLE = '港股收评：恒指涨1.2% 示例科技领涨'
const OLDER_TITLE = '央行开展示例逆回购操作'

function shardFileOf(a: Archive, id: string): string {
  const shard = a.lookupIndex.articles[shardOf(a.lookupIndex.articles, id)]
  if (shard === undefined) throw new Error('no article shards')
  return shard[1]
}

/** The archive's files with article `id`'s entry changed by `change` (its shard rewritten to match). */
function withEntry(a: Archive, id: string, change: (entry: ArticleEntry) => ArticleEntry): Map<string, unknown> {
  const files = new Map(a.files)
  const shard = shardFileOf(a, id)
  const pairs = ArticleLookupSchema.parse(files.get(shard)).map(([key, entry]): [string, ArticleEntry] => [key, key === id ? change(entry) : entry])
  files.set(shard, ArticleLookupSchema.parse(pairs))
  return files
}

function neighbourSlot(nav: HTMLElement, label: string): HTMLElement {
  const slot = within(nav).getByText(label).closest('p')
  if (!slot) throw new Error(`no place for ${label}`)
  return slot
}

describe('the neighbours of an article', () => {
  test('opened by address: file and neighbours come from the look-up entry, whatever the file is called', async () => {
    const moved = 'articles/moved-elsewhere.json'
    const files = withEntry(archive, ID, (entry) => ({
      ...entry,
      path: moved,
      // Not the category order: what the entry says is what the page links.
      older: { id: '202603071000000010', title: '科创板新股首日平均涨幅示例' },
    }))
    files.set(moved, files.get(`articles/${ID}.json`))
    files.delete(`articles/${ID}.json`)
    const server = serveData(files)
    renderApp(paths.article(ID))

    const article = within(await screen.findByRole('article'))
    expect(article.getByRole('heading', { level: 1, name: TITLE })).toBeTruthy()
    // With the article, not after it: the entry was needed to find the file.
    const nav = article.getByRole('navigation', { name: '同分类的其他文章' })
    expect(nav.getAttribute('aria-busy')).toBe('false')
    expect(within(neighbourSlot(nav, '上一篇（较新）')).getByRole('link', { name: NEWER_TITLE }).getAttribute('rel')).toBe('prev')
    expect(within(neighbourSlot(nav, '下一篇（较早）')).getByRole('link', { name: '科创板新股首日平均涨幅示例' }).getAttribute('rel')).toBe('next')
    expect(server.requests).toContain(moved)
    // One look-up shard request, shared by the article and its neighbours.
    expect(server.requests.filter((path) => path === shardFileOf(archive, ID))).toHaveLength(1)
  })

  test('the newest of a category says there is no newer one', async () => {
    serveData(archive.files)
    renderApp(paths.article('202603091000000001'))
    const nav = await screen.findByRole('navigation', { name: '同分类的其他文章' })
    expect(neighbourSlot(nav, '上一篇（较新）').textContent).toBe('上一篇（较新）没有了')
    expect(within(neighbourSlot(nav, '下一篇（较早）')).getByRole('link', { name: NEWER_TITLE })).toBeTruthy()
  })

  test('from a feed the article shows while its entry is on its way, then the neighbours fill the places kept for them', async () => {
    const server = serveData(archive.files)
    const release = server.hold(shardFileOf(archive, ID))
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))
    // By its text: a role query over a whole feed is slow enough in jsdom to miss the wait.
    await user.click(await screen.findByText(TITLE, { selector: 'a' }))

    const article = within(await screen.findByRole('article'))
    expect(article.getByRole('heading', { level: 1, name: TITLE })).toBeTruthy()
    // The file came from the feed item's path, asked for beside the shard (by the look-up code, loaded when
    // first needed: its request may follow the article's), which is still held.
    expect(server.requests).toContain(`articles/${ID}.json`)
    await waitFor(() => expect(server.requests).toContain(shardFileOf(archive, ID)))
    const nav = article.getByRole('navigation', { name: '同分类的其他文章' })
    expect(nav.getAttribute('aria-busy')).toBe('true')
    for (const label of ['上一篇（较新）', '下一篇（较早）']) {
      expect(neighbourSlot(nav, label).textContent).toBe(`${label}正在加载…`)
    }
    expect(within(nav).queryAllByRole('link')).toEqual([])

    release()
    expect(await within(nav).findByRole('link', { name: NEWER_TITLE })).toBeTruthy()
    expect(within(nav).getByRole('link', { name: OLDER_TITLE })).toBeTruthy()
    expect(nav.getAttribute('aria-busy')).toBe('false')
    // The same two places, filled: nothing was added around them.
    expect(nav.querySelectorAll(':scope > p')).toHaveLength(2)
  })

  test('from a feed, an entry that cannot be loaded leaves the article whole and says so in the places', async () => {
    const server = serveData(archive.files)
    server.fail(shardFileOf(archive, ID), 'invalid')
    const user = userEvent.setup()
    renderApp(paths.category('emnews'))
    await user.click(await screen.findByText(TITLE, { selector: 'a' }))

    const article = within(await screen.findByRole('article'))
    expect(article.getByRole('heading', { level: 1, name: TITLE })).toBeTruthy()
    const nav = article.getByRole('navigation', { name: '同分类的其他文章' })
    expect(await within(nav).findAllByText('暂时无法加载')).toHaveLength(2)
    expect(nav.getAttribute('aria-busy')).toBe('false')
    expect(screen.queryByRole('alert')).toBeNull()
  })
})
