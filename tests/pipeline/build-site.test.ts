// `npm run build` into a folder that holds an earlier build: the reader is replaced, and the data folder is
// brought up to date in place, so an operator's rebuild of a large archive writes only what changed; and a
// build told not to wait for another that holds the folder. (Kills and two builds at once: build-site-faults.)
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { buildSite } from '../../src/pipeline/build-site.ts'
import { acquireFolderLock, FolderLockedError, LOCK_FILE } from '../../src/pipeline/folder-lock.ts'
import { readPostFileName } from '../../src/pipeline/read/post-file.ts'
import { build, copyDir, FIXTURE_POSTS, FIXTURE_SITE, readTree, removeTempDirs, tempDir } from './support/data-folder.ts'

afterAll(removeTempDirs)

/** Inode number of every file under the data folder's articles/ (a file written again gets a new one). */
function articleInodes(data: string): Map<string, number> {
  const dir = join(data, 'articles')
  return new Map(readdirSync(dir).map((name) => [name, statSync(join(dir, name)).ino]))
}

it('a second build keeps the article files that did not change and removes the rest', async () => {
  const source = copyDir(FIXTURE_SITE, join(tempDir('site'), 'site'))
  const posts = join(source, '_posts')
  const categories = join(source, 'category')
  const outDir = tempDir('dist')
  const options = { posts, categories, outDir, base: '/', siteUrl: 'https://finews.example', quiet: true }
  await buildSite(options)
  const before = articleInodes(join(outDir, 'data'))

  const removedPost = readdirSync(posts).filter((f) => readPostFileName(f).wellFormed).sort()[0] ?? ''
  const removedId = readPostFileName(removedPost).id
  rmSync(join(posts, removedPost))
  expect(existsSync(join(outDir, 'a', `${removedId}.html`))).toBe(true)
  const pagesBefore = readdirSync(join(outDir, 'a')).length
  writeFileSync(join(outDir, 'left-over-from-an-old-build.js'), '')
  writeFileSync(join(outDir, 'a', 'left-over-page.html'), '')
  mkdirSync(join(outDir, 'a', 'left-over-folder'))
  writeFileSync(join(outDir, 'a', 'left-over-folder', 'page.html'), '')
  await buildSite(options)
  const after = articleInodes(join(outDir, 'data'))

  const removedArticle = [...before.keys()].filter((name) => name.startsWith(`${removedId}.`))
  expect(removedArticle).toHaveLength(1)
  expect([...after.keys()].filter((name) => name.startsWith(`${removedId}.`))).toEqual([])
  // Every other article is still the very file the first build wrote. (Its neighbours' links name the
  // removed post, so those two files are written again.)
  const rewritten = [...after].filter(([name, ino]) => before.get(name) !== ino).map(([name]) => name)
  expect(rewritten.length).toBeLessThanOrEqual(2)
  expect(after.size).toBe(before.size - 1)

  // The reader itself was replaced: what the old build left beside it is gone, the app is there, and
  // neither the build's staging folder nor its lock is left.
  expect(existsSync(join(outDir, 'left-over-from-an-old-build.js'))).toBe(false)
  // The removed post's page is gone with what was left among the pages; every other page is there.
  expect(readdirSync(join(outDir, 'a')).filter((name) => name.startsWith('left-over') || name === `${removedId}.html`)).toEqual([])
  expect(readdirSync(join(outDir, 'a'))).toHaveLength(pagesBefore - 1)
  expect(existsSync(join(outDir, 'index.html'))).toBe(true)
  // 404.html (the prerendered not-found page) boots the same app as index.html (the prerendered home), with
  // the loader that starts it after the first paint.
  const entry = (page: string): string | undefined => / data-entry="([^"]+)"/.exec(readFileSync(join(outDir, page), 'utf8'))?.[1]
  expect(entry('404.html')).toBeDefined()
  expect(entry('404.html')).toBe(entry('index.html'))
  expect(readdirSync(outDir).filter((name) => name.startsWith('.staging-') || name === LOCK_FILE)).toEqual([])

  // And the data folder is exactly what a clean build of the remaining posts writes.
  const clean = tempDir('clean')
  await build({ posts, categories, out: clean })
  const kept = readTree(join(outDir, 'data'))
  const fresh = readTree(clean)
  expect([...kept.keys()].sort()).toEqual([...fresh.keys()].sort())
  expect([...kept].filter(([path, bytes]) => !fresh.get(path)?.equals(bytes)).map(([path]) => path)).toEqual([])
})

it('told not to wait, refuses a folder another build holds, naming it, and leaves the folder alone', async () => {
  const outDir = tempDir('dist')
  writeFileSync(join(outDir, 'index.html'), 'the live site')
  const other = await acquireFolderLock(outDir, { purpose: 'npm run build (the first)' })
  try {
    const options = { posts: FIXTURE_POSTS, categories: null, outDir, base: '/', siteUrl: 'https://finews.example', quiet: true, waitForLock: false }
    const refused = buildSite(options)
    await expect(refused).rejects.toBeInstanceOf(FolderLockedError)
    await expect(refused).rejects.toThrow(`${outDir} is being built by pid ${process.pid}`)
    await expect(refused).rejects.toThrow('npm run build (the first)')
    expect(readdirSync(outDir).sort()).toEqual([LOCK_FILE, 'index.html'])
    expect(readFileSync(join(outDir, 'index.html'), 'utf8')).toBe('the live site')
  } finally {
    other.release()
  }
})
