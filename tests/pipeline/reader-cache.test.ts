// The reader's build is remembered under a key of its sources: a second site build with the same sources
// copies the same files without building, a different base or VITE_ setting builds again, and a clean build
// (no cache) always builds and leaves nothing behind.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { buildCodeFiles, readerBuild, readerKey, type ReaderBuildOptions } from '../../src/pipeline/reader-cache.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'

afterAll(removeTempDirs)

/** Builders that write recognizable files and count their calls. */
function builders(label: string): { calls: { client: number; server: number } } & Pick<ReaderBuildOptions, 'client' | 'server'> {
  const calls = { client: 0, server: 0 }
  return {
    calls,
    client: (dir) => {
      calls.client++
      mkdirSync(join(dir, 'assets'), { recursive: true })
      writeFileSync(join(dir, 'index.html'), `<!doctype html><title>${label}</title>`)
      writeFileSync(join(dir, 'assets', 'index-abc.js'), `console.log(${JSON.stringify(label)})`)
      return Promise.resolve()
    },
    server: (dir) => {
      calls.server++
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'server.js'), `export const label = ${JSON.stringify(label)}`)
      return Promise.resolve(join(dir, 'server.js'))
    },
  }
}

const files = (dir: string): Record<string, string> =>
  Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name).slice(dir.length + 1), readFileSync(join(e.parentPath, e.name), 'utf8')]),
  )

it('a second build of the same sources copies the remembered files and builds nothing', async () => {
  const cache = tempDir('reader-cache')
  const first = builders('one')
  const a = tempDir('staging-a')
  const built = await readerBuild({ staging: a, base: '/', ...first, remember: true, scratchDir: () => tempDir('scratch'), cache })
  expect(built.remembered).toBe(false)
  expect(first.calls).toEqual({ client: 1, server: 1 })

  const second = builders('two')
  const b = tempDir('staging-b')
  const again = await readerBuild({ staging: b, base: '/', ...second, remember: true, scratchDir: () => tempDir('scratch'), cache })
  expect(again.remembered).toBe(true)
  expect(second.calls).toEqual({ client: 0, server: 0 })
  expect(files(b)).toEqual(files(a))
  expect(files(b)['index.html']).toContain('one')
  expect(readFileSync(again.serverBundle, 'utf8')).toContain('"one"')
})

it('the key reads what the build code imports: the page loader, whose hash is in every page’s policy', () => {
  // Stop 35 found a remembered build whose pages' policy named the old loader's hash after the loader
  // changed: every prerendered page's app was then blocked by its own policy.
  expect(buildCodeFiles()).toContain('src/pipeline/outputs/pages/app-loader.ts')
  expect(buildCodeFiles()).toContain('src/pipeline/outputs/site-policy.ts')
  // The content pipeline is not the reader's build: editing it keeps the remembered one.
  expect(buildCodeFiles()).not.toContain('src/pipeline/build-content.ts')
})

it('another base or VITE_ setting is another key, and so another build', async () => {
  const cache = tempDir('reader-cache')
  const keyAtRoot = readerKey('/')
  expect(readerKey('/finews/')).not.toBe(keyAtRoot)
  process.env.VITE_FINEWS_TEST_SETTING = 'x'
  try {
    expect(readerKey('/')).not.toBe(keyAtRoot)
  } finally {
    delete process.env.VITE_FINEWS_TEST_SETTING
  }
  expect(readerKey('/')).toBe(keyAtRoot)

  await readerBuild({ staging: tempDir('s'), base: '/', ...builders('root'), remember: true, scratchDir: () => tempDir('scratch'), cache })
  const sub = builders('sub')
  const staging = tempDir('s')
  const reader = await readerBuild({ staging, base: '/finews/', ...sub, remember: true, scratchDir: () => tempDir('scratch'), cache })
  expect(reader.remembered).toBe(false)
  expect(sub.calls).toEqual({ client: 1, server: 1 })
  expect(files(staging)['index.html']).toContain('sub')
})

it('a clean build builds every time, remembers nothing and removes its server bundle', async () => {
  const cache = tempDir('reader-cache')
  const scratch = join(tempDir('scratch-root'), 'server')
  for (const label of ['one', 'two']) {
    const b = builders(label)
    const staging = tempDir('s')
    const reader = await readerBuild({ staging, base: '/', ...b, remember: false, scratchDir: () => scratch, cache })
    expect(b.calls).toEqual({ client: 1, server: 1 })
    expect(files(staging)['index.html']).toContain(label)
    reader.release()
    expect(existsSync(scratch)).toBe(false)
  }
  expect(readdirSync(cache)).toEqual([])
})

it('a build whose sources changed while it ran is used once and not remembered', async () => {
  const cache = tempDir('reader-cache')
  const b = builders('changing')
  const staging = tempDir('s')
  const reader = await readerBuild({
    staging,
    base: '/',
    client: async (dir) => {
      // As if a source were saved while Vite read them: the key after the build is not the key before.
      process.env.VITE_FINEWS_TEST_EDIT = 'saved meanwhile'
      await b.client(dir)
    },
    server: b.server,
    remember: true,
    scratchDir: () => tempDir('scratch'),
    cache,
  })
  delete process.env.VITE_FINEWS_TEST_EDIT
  expect(files(staging)['index.html']).toContain('changing')
  expect(readFileSync(reader.serverBundle, 'utf8')).toContain('"changing"')
  reader.release()
  expect(readdirSync(cache)).toEqual([])
  // The next build builds again.
  const next = builders('next')
  await readerBuild({ staging: tempDir('s'), base: '/', ...next, remember: true, scratchDir: () => tempDir('scratch'), cache })
  expect(next.calls).toEqual({ client: 1, server: 1 })
})
