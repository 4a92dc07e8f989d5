// @vitest-environment node
// A prerendered page's data block names the data files its first screen holds instead of carrying them
// (src/app/sent-data.ts): the browser must rebuild exactly the value the page was drawn from, fetching each
// file once, and say so when a file cannot be had.
import { afterEach, describe, expect, test } from 'vitest'
import { DATA_FILE_KEY } from '../../../src/content/prerender.ts'
import { DataError, setDataFetcher } from '../../../src/lib/fetch-data.ts'
import { parseSentData, referToFiles } from '../../../src/app/sent-data.ts'

const page = { items: [{ id: 'a1', title: '示例：央行开展逆回购', chips: [{ secid: '1.600000', name: '浦发银行' }] }], older: 'lists/0a1b.json', days: [['2026-03-09', '2026-03-01', 'days/9f.json']] }
const home = { newest: ['a1'], sections: [{ tag: '新能源', ids: ['a1'] }] }
const files = new Map<string, unknown>([
  ['pages/0f1e2d.json', page],
  ['home/77aa.json', home],
])

/** Serves `files` as the data folder would, counting each request. */
function serve(served: ReadonlyMap<string, unknown>): string[] {
  const asked: string[] = []
  setDataFetcher((url) => {
    const path = url.replace(/^.*?\/data\//, '')
    asked.push(path)
    const file = served.get(path)
    return Promise.resolve(file === undefined ? new Response('', { status: 404 }) : new Response(JSON.stringify(file), { status: 200 }))
  })
  return asked
}

afterEach(() => setDataFetcher((url, init) => fetch(url, init)))

describe('the data a prerendered page sends', () => {
  test('a value holding whole files travels as their names and comes back the same, each file fetched once', async () => {
    // A feed's loaded page (the file with where it was read and what comes next), home's sections, and data no file holds.
    const values = [{ pages: [{ ...page, path: 'pages/0f1e2d.json', next: { pages: [], lists: ['lists/0a1b.json'] } }], pageParams: [{ pages: ['pages/0f1e2d.json'], lists: [] }] }, { ...home }, { id: 'entry', neighbours: ['a0', 'a2'] }]
    const sent = JSON.stringify({ path: '/c/emnews', queries: referToFiles(values, files) })
    expect(sent).not.toContain('示例：央行开展逆回购')
    expect(sent).toContain(`"${DATA_FILE_KEY}":"pages/0f1e2d.json"`)
    expect(sent).toContain(`"${DATA_FILE_KEY}":"home/77aa.json"`)

    const asked = serve(files)
    const [value, fill] = parseSentData(sent)
    await fill()
    expect(JSON.stringify(value)).toBe(JSON.stringify({ path: '/c/emnews', queries: values }))
    expect(asked.sort()).toEqual(['home/77aa.json', 'pages/0f1e2d.json'])
  })

  test('what differs from a file in any field or in the order of its fields stays in the page', () => {
    const edited = { ...page, older: null }
    const reordered = { older: page.older, items: page.items, days: page.days }
    const nested = { ...page, items: [{ title: page.items[0]?.title, id: 'a1', chips: page.items[0]?.chips }] }
    const later = { path: 'pages/0f1e2d.json', ...page }
    for (const value of [edited, reordered, nested, later]) {
      expect(referToFiles([value], files)).toEqual([value])
    }
  })

  test('a file held twice is named once: the browser fetches every name it finds', async () => {
    const sent = JSON.stringify(referToFiles([{ ...home }, { ...home }], files))
    expect(sent.split(DATA_FILE_KEY)).toHaveLength(2)
    const asked = serve(files)
    const [value, fill] = parseSentData(sent)
    await fill()
    expect(value).toEqual([home, home])
    expect(asked).toEqual(['home/77aa.json'])
  })

  test('a file that is gone (a newer build removed it) fails as the reader says it, so the app draws afresh', async () => {
    const sent = JSON.stringify(referToFiles([{ ...home }], files))
    serve(new Map())
    const [, fill] = parseSentData(sent)
    const failure = await fill().catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(DataError)
    expect((failure as DataError).kind).toBe('not-found')
  })
})
