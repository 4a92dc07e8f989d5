// The service worker the build writes (src/pipeline/service-worker.ts), over a small made-up site folder: what
// it precaches (the shell, scripts, styles, icons; never data or pages), and that its bytes change with a new
// build of the reader and only then, since a changed sw.js is what makes an open reader offer 新版本可用.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { precacheEntries, writeServiceWorker } from '../../src/pipeline/service-worker.ts'

let site = ''

async function put(file: string, text: string): Promise<void> {
  await mkdir(path.dirname(path.join(site, file)), { recursive: true })
  await writeFile(path.join(site, file), text)
}

beforeEach(async () => {
  site = await mkdtemp(path.join(tmpdir(), 'finews-sw-'))
  await put('index.html', '<!doctype html><title>金融消息</title><div id="root"></div><script type="module" src="/assets/index-a1.js"></script>')
  await put('assets/index-a1.js', 'console.log(1)')
  await put('assets/index-b2.css', 'body{}')
  await put('assets/logo-c3.png', 'png')
  await put('.vite/manifest.json', '{}')
  await put('favicon.svg', '<svg/>')
  await put('manifest.webmanifest', '{}')
  await put('icons/icon-192.png', 'png')
  await put('data/manifest.json', '{}')
  await put('data/articles/1.abc.json', '{}')
  await put('a/1.html', '<p>page</p>')
})

afterEach(async () => {
  await rm(site, { recursive: true, force: true })
})

describe('the service worker of a build', () => {
  it('precaches the app shell, scripts, styles, icons and the web manifest, never data or pages', async () => {
    await writeServiceWorker(site)
    const urls = precacheEntries(site).map((entry) => entry.url)
    expect(urls).toEqual(['assets/index-a1.js', 'assets/index-b2.css', 'favicon.svg', 'icons/icon-192.png', 'manifest.webmanifest', 'shell.html'])
    // The shell is Vite's index.html as it was, and it alone among the non-hashed files carries the page.
    expect(await readFile(path.join(site, 'shell.html'), 'utf8')).toBe(await readFile(path.join(site, 'index.html'), 'utf8'))
    const worker = await readFile(path.join(site, 'sw.js'), 'utf8')
    for (const url of urls) expect(worker).toContain(url)
    expect(worker).not.toContain('data/articles/1.abc.json')
  })

  it('hashed assets need no revision; the shell and the other fixed names have one', async () => {
    await writeServiceWorker(site)
    for (const entry of precacheEntries(site)) {
      if (entry.url.startsWith('assets/')) expect(entry.revision, entry.url).toBeNull()
      else expect(entry.revision, entry.url).toMatch(/^[0-9a-f]{16}$/)
    }
  })

  it('is the same file after a build with new data, and a new one after a new build of the reader', async () => {
    await writeServiceWorker(site)
    const first = await readFile(path.join(site, 'sw.js'))
    await put('data/articles/2.def.json', '{}')
    await put('data/manifest.json', '{"changed":true}')
    await put('a/2.html', '<p>new page</p>')
    await writeServiceWorker(site)
    expect((await readFile(path.join(site, 'sw.js'))).equals(first)).toBe(true)

    await put('index.html', '<!doctype html><title>金融消息</title><div id="root"></div><script type="module" src="/assets/index-d4.js"></script>')
    await put('assets/index-d4.js', 'console.log(2)')
    await writeServiceWorker(site)
    expect((await readFile(path.join(site, 'sw.js'))).equals(first)).toBe(false)
  })

  it('remembered beside the reader build, is the same file as one built afresh, and a new reader build gets its own', async () => {
    const memo = await mkdtemp(path.join(tmpdir(), 'finews-sw-memo-'))
    try {
      await writeServiceWorker(site)
      const fresh = await readFile(path.join(site, 'sw.js'))
      await rm(path.join(site, 'sw.js'))
      await writeServiceWorker(site, memo)
      expect((await readFile(path.join(site, 'sw.js'))).equals(fresh)).toBe(true)
      await rm(path.join(site, 'sw.js'))
      await writeServiceWorker(site, memo)
      expect((await readFile(path.join(site, 'sw.js'))).equals(fresh)).toBe(true)

      // Other files to precache: not the remembered worker of the first list.
      await put('index.html', '<!doctype html><title>金融消息</title><div id="root"></div><script type="module" src="/assets/index-d4.js"></script>')
      await put('assets/index-d4.js', 'console.log(2)')
      await writeServiceWorker(site, memo)
      const second = await readFile(path.join(site, 'sw.js'))
      expect(second.equals(fresh)).toBe(false)
      await writeServiceWorker(site)
      expect((await readFile(path.join(site, 'sw.js'))).equals(second)).toBe(true)
    } finally {
      await rm(memo, { recursive: true, force: true })
    }
  })
})
