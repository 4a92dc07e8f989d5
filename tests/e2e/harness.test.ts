// The e2e helpers themselves, on a small site made here (no corpus needed): the static host behaves
// like GitHub Pages, its hooks work, the browser blocks other hosts and records errors, axe reports.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { axeViolations } from './support/axe.ts'
import { closeBrowser, newPage, openBrowser } from './support/browser.ts'
import { startStaticServer, type StaticServer } from './support/static-server.ts'

const PAGE = (body: string): string =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试</title></head><body>${body}</body></html>`

const FILES: Readonly<Record<string, string>> = {
  'index.html': PAGE('<header><h1>金融消息</h1></header><main><p>home</p></main>'),
  '404.html': PAGE('<main><h1>not found page</h1></main>'),
  'about.html': PAGE('<main><h1>about</h1></main>'),
  'sub/index.html': PAGE('<main><h1>sub</h1></main>'),
  'assets/app.js': 'console.log("app")\n',
  'assets/app.css': 'body { color: black }\n',
  'data/manifest.json': '{"ok":true}\n',
  'feed.xml': '<?xml version="1.0"?><feed/>\n',
  'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>\n',
  'favicon.ico': 'ico',
  'logo.png': 'png',
  'robots.txt': 'User-agent: *\n',
  'site.webmanifest': '{}\n',
  'errors.html': PAGE(
    '<main><h1>errors</h1><img alt="k" src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.600519">' +
      '<script>console.error("boom from the page"); setTimeout(() => { throw new Error("uncaught here") })</script></main>',
  ),
  'external.html': PAGE(
    '<main><h1>external</h1><img alt="k" src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.600519">' +
      '<script>fetch("https://push2.eastmoney.com/api").catch(() => { document.title = "fetch failed" })</script></main>',
  ),
  'inaccessible.html': '<!doctype html><html><head><title>x</title></head><body><img src="logo.png"><button></button></body></html>',
}

let root = ''

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'finews-e2e-harness-'))
  for (const [name, text] of Object.entries(FILES)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true })
    await writeFile(path.join(root, name), text)
  }
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

async function get(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(url, { redirect: 'manual', ...init })
}

describe('static server', () => {
  let server: StaticServer

  beforeAll(async () => {
    server = await startStaticServer({ root, base: '/finews/' })
  })
  afterAll(async () => {
    await server.close()
  })
  afterEach(() => {
    server.clearOverrides()
    server.clearRequests()
  })

  it('serves files under the base with their content types and no content encoding', async () => {
    expect(server.url).toBe(`${server.origin}/finews/`)
    const expected: Readonly<Record<string, string>> = {
      '': 'text/html; charset=utf-8',
      'assets/app.js': 'text/javascript; charset=utf-8',
      'assets/app.css': 'text/css; charset=utf-8',
      'data/manifest.json': 'application/json; charset=utf-8',
      'feed.xml': 'application/xml',
      'favicon.svg': 'image/svg+xml',
      'logo.png': 'image/png',
      'favicon.ico': 'image/x-icon',
      'robots.txt': 'text/plain; charset=utf-8',
      'site.webmanifest': 'application/manifest+json',
    }
    for (const [file, type] of Object.entries(expected)) {
      const response = await get(server.url + file, { headers: { 'Accept-Encoding': 'gzip, br' } })
      expect(response.status, file).toBe(200)
      expect(response.headers.get('content-type'), file).toBe(type)
      expect(response.headers.get('content-encoding'), file).toBeNull()
      expect(await response.text(), file).toBe(FILES[file === '' ? 'index.html' : file])
    }
  })

  it('answers anything missing with 404.html and status 404, never the app with 200', async () => {
    for (const missing of ['article/202205302396671291', 'data/nope.json', 'assets/gone.js', '..%2F..%2Fetc%2Fpasswd']) {
      const response = await get(server.url + missing)
      expect(response.status, missing).toBe(404)
      expect(await response.text(), missing).toBe(FILES['404.html'])
    }
    const outside = await get(`${server.origin}/data/manifest.json`)
    expect(outside.status).toBe(404)
  })

  it('redirects folders to their slash, serves index.html and name.html like GitHub Pages', async () => {
    const bare = await get(`${server.origin}/finews`)
    expect(bare.status).toBe(301)
    expect(bare.headers.get('location')).toBe('/finews/')
    const sub = await get(`${server.url}sub?x=1`)
    expect(sub.status).toBe(301)
    expect(sub.headers.get('location')).toBe('/finews/sub/?x=1')
    expect(await (await get(`${server.url}sub/`)).text()).toBe(FILES['sub/index.html'])
    expect(await (await get(`${server.url}about`)).text()).toBe(FILES['about.html'])
  })

  it('answers HEAD, revalidates with ETag and refuses other methods', async () => {
    const head = await get(`${server.url}data/manifest.json`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(FILES['data/manifest.json']?.length))
    const etag = head.headers.get('etag') ?? ''
    expect(etag).not.toBe('')
    const again = await get(`${server.url}data/manifest.json`, { headers: { 'If-None-Match': etag } })
    expect(again.status).toBe(304)
    expect((await get(`${server.url}data/manifest.json`, { method: 'POST' })).status).toBe(405)
  })

  it('overrides a URL with a status, a body, a delay, a number of times, a hang or a reset', async () => {
    server.override('data/manifest.json', { status: 500, body: 'oops' }, { times: 1 })
    const failed = await get(`${server.url}data/manifest.json`)
    expect([failed.status, await failed.text()]).toEqual([500, 'oops'])
    expect((await get(`${server.url}data/manifest.json`)).status).toBe(200)

    // Order instead of a clock: a delayed answer comes after that of a request made after it (a file on
    // the loopback takes a few milliseconds; the delay is a second).
    server.override(/\/data\/.*\.json$/, { body: '{"broken":', delayMs: 1000 })
    const answered: string[] = []
    const delayed = get(`${server.url}data/manifest.json`).then((response) => {
      answered.push('delayed')
      return response
    })
    await expect.poll(() => server.requests().some((r) => r.path === '/finews/data/manifest.json' && r.status === 0)).toBe(true)
    await get(`${server.url}index.html`).then(() => answered.push('prompt'))
    const broken = await delayed
    expect(answered).toEqual(['prompt', 'delayed'])
    expect(broken.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await broken.text()).toBe('{"broken":')

    server.clearRequests()
    server.override('/finews/data/manifest.json', 'hang')
    let hung = 'waiting'
    const hanging = get(`${server.url}data/manifest.json`).then(
      () => (hung = 'answered'),
      () => (hung = 'dropped'),
    )
    await expect.poll(() => server.requests().some((r) => r.path === '/finews/data/manifest.json')).toBe(true)
    // Other requests are answered meanwhile; the hung one is not, until the overrides are cleared.
    expect((await get(`${server.url}index.html`)).status).toBe(200)
    expect(hung).toBe('waiting')
    server.clearOverrides()
    await hanging
    expect(hung).toBe('dropped')

    server.override('data/manifest.json', 'reset')
    await expect(get(`${server.url}data/manifest.json`)).rejects.toThrow()
    server.clearOverrides()
    expect((await get(`${server.url}data/manifest.json`)).status).toBe(200)
  })

  it('logs every request with its status', async () => {
    await get(`${server.url}robots.txt`)
    await get(`${server.url}missing.txt`)
    server.override('robots.txt', { status: 503 })
    await get(`${server.url}robots.txt?again`)
    expect(server.requests().map(({ method, url, path: pathname, status, overridden }) => ({ method, url, pathname, status, overridden }))).toEqual([
      { method: 'GET', url: '/finews/robots.txt', pathname: '/finews/robots.txt', status: 200, overridden: false },
      { method: 'GET', url: '/finews/missing.txt', pathname: '/finews/missing.txt', status: 404, overridden: false },
      { method: 'GET', url: '/finews/robots.txt?again', pathname: '/finews/robots.txt', status: 503, overridden: true },
    ])
  })
})

describe('browser and axe', () => {
  let server: StaticServer

  beforeAll(async () => {
    server = await startStaticServer({ root })
    await openBrowser()
  })
  afterAll(async () => {
    await closeBrowser()
    await server.close()
  })

  it('blocks and records requests to other hosts; failed images are not page errors', async () => {
    const tab = await newPage({ width: 390, height: 844, colorScheme: 'dark' })
    await tab.page.goto(`${server.url}external.html`)
    await tab.page.waitForFunction(() => document.title === 'fetch failed')
    expect(tab.external.sort()).toEqual(['https://push2.eastmoney.com/api', 'https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=1.600519'])
    expect(server.requests().map((request) => request.path)).toEqual(['/external.html'])
    expect(tab.problems()).toEqual([])
    expect(await tab.page.evaluate(() => [window.innerWidth, matchMedia('(prefers-color-scheme: dark)').matches])).toEqual([390, true])
  })

  it('records console errors and uncaught errors', async () => {
    const tab = await newPage()
    await tab.page.goto(`${server.url}errors.html`)
    await vi.waitFor(() => expect(tab.pageErrors).toHaveLength(1))
    expect(tab.consoleErrors.join('\n')).toContain('boom from the page')
    expect(tab.pageErrors.join('\n')).toContain('uncaught here')
    expect(() => tab.assertNoErrors()).toThrow(/had 2 error\(s\)/)
    expect(tab.problems([/boom/, /uncaught/])).toEqual([])
  })

  it('takes a deep link served as 404.html for a navigation, and a missing asset for an error', async () => {
    const tab = await newPage()
    const response = await tab.page.goto(`${server.url}article/42`)
    expect(response?.status()).toBe(404)
    expect(await tab.page.locator('h1').innerText()).toBe('not found page')
    expect(tab.problems()).toEqual([])
    await Promise.all([
      tab.page.waitForResponse('**/data/missing.json'),
      tab.page.evaluate(() => fetch('/data/missing.json').then((missing) => missing.status)),
    ])
    expect(tab.problems()).toEqual([`HTTP 404 for ${server.origin}/data/missing.json`])
  })

  it('axe reports serious and critical violations readably, and none on a clean page', async () => {
    const tab = await newPage()
    await tab.page.goto(`${server.url}inaccessible.html`)
    const bad = await axeViolations(tab.page)
    expect(bad.violations.map((violation) => violation.id)).toEqual(expect.arrayContaining(['image-alt', 'button-name']))
    expect(bad.violations.every((violation) => violation.impact === 'serious' || violation.impact === 'critical')).toBe(true)
    expect(bad.message).toMatch(/^axe: \d+ serious or critical violation\(s\) on http/)
    expect(bad.message).toContain('[critical] image-alt')

    await tab.page.goto(server.url)
    const good = await axeViolations(tab.page)
    expect(good.message).toBe('')
    expect(good.violations).toEqual([])
  })
})
