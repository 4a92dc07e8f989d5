// `npm run dev`: a post added or edited while the reader is open shows up in it without a restart or a
// reload. Runs Vite's dev server (with the finews data plugin) over a copy of the sample archive.
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createServer, type ViteDevServer } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeBrowser, newPage, openBrowser } from './support/browser.ts'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

describe('the dev server', () => {
  let server: ViteDevServer
  let url = ''
  let archive = ''

  beforeAll(async () => {
    archive = mkdtempSync(join(tmpdir(), 'finews-dev-'))
    cpSync(join(ROOT, 'src', 'sample-archive'), archive, { recursive: true })
    process.env.FINEWS_POSTS = join(archive, '_posts')
    server = await createServer({ root: ROOT, configFile: join(ROOT, 'vite.config.ts'), logLevel: 'silent', server: { port: 0, host: '127.0.0.1' } })
    await server.listen()
    url = server.resolvedUrls?.local[0] ?? ''
    await openBrowser()
  })

  afterAll(async () => {
    await closeBrowser()
    await server.close()
    delete process.env.FINEWS_POSTS
    rmSync(archive, { recursive: true, force: true })
  })

  it('shows a new post and an edited title in the open reader, without reloading it', async () => {
    const posts = join(archive, '_posts')
    const model = readdirSync(posts).find((f) => /^\d{4}-\d{2}-\d{2}-NW\d+\.md$/.test(f))
    if (!model) throw new Error('the sample archive has no media-column post to copy')
    const category = /^categories:\s*(\S+)/m.exec(readFileSync(join(posts, model), 'utf8'))?.[1]
    if (!category) throw new Error(`${model} has no category`)

    const tab = await newPage({ width: 1280, height: 900 })
    await tab.page.goto(`${url}c/${category}`)
    await tab.page.locator('main').getByRole('link').first().waitFor()
    await tab.page.evaluate(() => {
      ;(window as Window & { finewsMarker?: boolean }).finewsMarker = true
    })

    const added = '2099-01-01-NW209901010000000001.md'
    const text = readFileSync(join(posts, model), 'utf8')
      .replace(/^title: .*$/m, 'title: "开发服务器新增的示例快讯"')
      .replace(/^date: .*$/m, 'date: 2099-01-01 09:00:00 +0800')
    writeFileSync(join(posts, added), text)
    await expect(tab.page.getByText('开发服务器新增的示例快讯').first().waitFor({ timeout: 15_000 })).resolves.toBeUndefined()

    writeFileSync(join(posts, added), text.replace('开发服务器新增的示例快讯', '开发服务器改过的示例快讯'))
    await expect(tab.page.getByText('开发服务器改过的示例快讯').first().waitFor({ timeout: 15_000 })).resolves.toBeUndefined()

    const stillSamePage = await tab.page.evaluate(() => (window as Window & { finewsMarker?: boolean }).finewsMarker === true)
    expect(stillSamePage, 'the page was not reloaded').toBe(true)
  })
})
