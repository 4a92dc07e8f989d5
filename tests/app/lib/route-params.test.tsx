// The article route's id check is the shared id rule: every id the pipeline makes from a post's file name,
// long ones included, opens its article; anything else is the not-found page without a look-up.
import { describe, expect, test } from 'vitest'
import { screen } from '@testing-library/react'
import { ARTICLE_ID_MAX_LENGTH } from '../../../src/content/ids.ts'
import { paths } from '../../../src/content/routes.ts'
import { articleIdParam } from '../../../src/lib/route-params.ts'
import { readPostFileName } from '../../../src/pipeline/read/post-file.ts'
import { buildArchive } from '../fixtures/archive.ts'
import { serveData } from '../support/data-server.ts'
import { renderApp } from '../support/render-app.tsx'

describe('articleIdParam', () => {
  test.each(['202205262391921712', 'NW202205292395438077', 'ET7-news', 'a'.repeat(ARTICLE_ID_MAX_LENGTH)])('takes %s', (id) => {
    expect(articleIdParam(id)).toBe(id)
  })

  test.each([undefined, '', ' ', '<script>', 'a.b', '../x', '蔚来', '-a', 'a--b', 'a'.repeat(ARTICLE_ID_MAX_LENGTH + 1)])('turns %j away', (value) => {
    expect(articleIdParam(value)).toBeNull()
  })
})

describe('an article whose file name was long', () => {
  // The case: a 75-character slug was written and linked, and its page said 找不到这篇文章.
  const slug75 = 'china-stocks-close-higher-as-consumer-electronics-and-new-energy-lead-gains'
  const slug240 = `${'shanghai-composite-'.repeat(13)}end`.slice(0, 240)
  const long = readPostFileName(`2022-01-01-${slug75}.md`).id
  const longer = readPostFileName(`2022-01-01-${slug240}.md`).id
  const archive = buildArchive(
    [
      { id: long, title: '长文件名的文章', date: '2022-01-01T10:00:00+08:00', category: 'emnews', tags: ['东财滚动新闻'] },
      { id: longer, title: '更长文件名的文章', date: '2022-01-01T11:00:00+08:00', category: 'emnews', tags: ['东财滚动新闻'] },
    ],
    { categoryNames: { emnews: '东财滚动新闻' } },
  )

  test.each([
    [long, '长文件名的文章'],
    [longer, '更长文件名的文章'],
  ])('opens from its address (%s)', async (id, title) => {
    serveData(archive.files)
    renderApp(paths.article(id))
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeTruthy()
  })
})
