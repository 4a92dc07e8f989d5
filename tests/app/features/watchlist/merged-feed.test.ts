// The watchlist's merge of followed securities' feeds: a story both writers posted is listed once, even
// when two securities' feeds list different copies of it (each stock feed lists one copy: the copy with
// the security; another security may be in the other copy only), and the copy kept names the other.
import { expect, it } from 'vitest'
import type { FeedItem, FeedPage } from '../../../../src/content/schema.ts'
import { loadMerged, startCursor } from '../../../../src/features/watchlist/merged-feed.ts'
import { feedItemOf } from '../../fixtures/archive.ts'
import { serveData } from '../../support/data-server.ts'

const item = (id: string, date: string, category: string, twin?: { id: string; category: string }): FeedItem => ({
  ...feedItemOf({ id, title: `标题 ${id}`, date, category, tags: [] }),
  ...(twin ? { twins: [twin] } : {}),
})
const page = (items: FeedItem[]): FeedPage => ({ items, older: null, tags: null })

it('lists a story once when two followed securities’ feeds list its two copies, the copy kept naming the other (同时见于)', async () => {
  const rolling = item('202205262391921712', '2022-05-26T10:00:00+08:00', 'emnews', { id: 'NW202205262391921712', category: 'media' })
  const media = item('NW202205262391921712', '2022-05-26T10:00:00+08:00', 'media', { id: '202205262391921712', category: 'emnews' })
  const older = item('202205252390000001', '2022-05-25T09:00:00+08:00', 'emnews')
  const newer = item('202205272390000002', '2022-05-27T09:00:00+08:00', 'emnews')
  serveData(
    new Map<string, unknown>([
      ['pages/a.json', page([newer, rolling])],
      ['pages/b.json', page([media, older])],
    ]),
  )
  const merged = await loadMerged(startCursor([{ secid: '1.600160', head: 'pages/a.json' }, { secid: '106.NIO', head: 'pages/b.json' }]))
  // One copy (the first reached: here both are of one time) between the newer and the older article.
  expect(merged.items).toHaveLength(3)
  const [first, kept, last] = merged.items
  expect([first?.id, last?.id]).toEqual([newer.id, older.id])
  expect([rolling.id, media.id]).toContain(kept?.id)
  expect(kept?.twins?.map((t) => t.id)).toEqual([kept?.id === rolling.id ? media.id : rolling.id])
  expect(merged.next).toBeNull()
})
