// The posts folder listing: every entry is a file to read or a problem with its reason, and no entry
// (symlink loop, dangling link, FIFO, socket, unreadable folder, link out of the folder) stops it.
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, realpathSync, renameSync, symlinkSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildSync } from 'esbuild'
import { listPosts, type PostListing } from '../../src/pipeline/listing/post-listing.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'
import { REPO_ROOT } from './support/repo-root.ts'

afterAll(removeTempDirs)

const POST = '---\ntitle: "示例"\n---\n<p>正文。</p>\n'

function write(path: string, text = POST): void {
  writeFileSync(path, text)
}

function reasonOf(listing: PostListing, file: string): string {
  const found = listing.problems.find((p) => p.file === file)
  if (!found) throw new Error(`${file} is not among the problems: ${JSON.stringify(listing.problems)}`)
  return found.reasons.join('; ')
}

/** The files listed, by name (the listing gives them in the folder's own order). */
const listed = (listing: PostListing): string[] => listing.files.map((f) => f.file).sort()

describe('a plain posts folder', () => {
  it('lists every file with its size, folders included, and reports no problem', () => {
    const root = tempDir('listing-plain')
    mkdirSync(join(root, '2022'))
    write(join(root, '2022-01-02-b.md'))
    write(join(root, '2022', '2022-01-01-a.md'), `${POST}更多`)
    write(join(root, '2021-12-31-z.md'))
    const listing = listPosts(root)
    expect(listed(listing)).toEqual(['2021-12-31-z.md', '2022-01-02-b.md', '2022/2022-01-01-a.md'])
    expect(listing.files.find((f) => f.file === '2022/2022-01-01-a.md')?.size).toBe(Buffer.byteLength(`${POST}更多`))
    expect(listing.problems).toEqual([])
  })

  it('throws for a posts folder that is not there, rather than list an empty archive', () => {
    expect(() => listPosts(join(tempDir('listing-none'), 'missing'))).toThrow(/ENOENT/)
  })
})

describe('bad entries are listed as problems, and the other posts are all listed', () => {
  const root = tempDir('listing-bad')
  const outside = tempDir('listing-outside')
  write(join(outside, '2022-01-01-secret.md'))
  mkdirSync(join(outside, 'more'))
  write(join(outside, 'more', '2022-01-01-more.md'))

  write(join(root, '2022-01-01-good.md'))
  mkdirSync(join(root, 'sub'))
  write(join(root, 'sub', '2022-01-02-inner.md'))
  symlinkSync('loop-b.md', join(root, 'loop-a.md'))
  symlinkSync('loop-a.md', join(root, 'loop-b.md'))
  symlinkSync('self.md', join(root, 'self.md'))
  symlinkSync('nowhere/2022-01-01-gone.md', join(root, 'dangling.md'))
  symlinkSync(join(outside, '2022-01-01-secret.md'), join(root, 'out-file.md'))
  symlinkSync(join(outside, 'more'), join(root, 'out-folder'))
  symlinkSync('../..', join(root, 'sub', 'up-and-out'))
  execFileSync('mkfifo', [join(root, 'pipe.md')])
  // A link inside the folder to a post inside it: followed, as Jekyll does.
  symlinkSync(join('sub', '2022-01-02-inner.md'), join(root, '2022-01-03-alias.md'))
  // Links inside the folder to folders inside it: their posts are listed once, under their own names.
  symlinkSync('..', join(root, 'sub', 'back-up'))
  symlinkSync('.', join(root, 'sub', 'here'))
  symlinkSync('sub', join(root, 'sub-again'))
  symlinkSync('pipe.md', join(root, 'to-pipe.md'))

  let server: Server | undefined
  const socket = join(root, 'socket.md')
  afterAll(() => server?.close())

  it('takes the bad entries in its stride', async () => {
    server = createServer()
    await new Promise<void>((resolve) => server?.listen(socket, resolve))
    const listing = listPosts(root)

    expect(listed(listing)).toEqual(['2022-01-01-good.md', '2022-01-03-alias.md', 'sub/2022-01-02-inner.md'])
    expect(listing.problems.map((p) => p.file)).toEqual([
      'dangling.md',
      'loop-a.md',
      'loop-b.md',
      'out-file.md',
      'out-folder',
      'pipe.md',
      'self.md',
      'socket.md',
      'sub-again',
      'sub/back-up',
      'sub/here',
      'sub/up-and-out',
      'to-pipe.md',
    ])
    for (const file of ['loop-a.md', 'loop-b.md', 'self.md']) expect(reasonOf(listing, file)).toMatch(/symlink loop/)
    expect(reasonOf(listing, 'dangling.md')).toMatch(/dangling symlink: its target "nowhere\/2022-01-01-gone\.md" does not exist/)
    expect(reasonOf(listing, 'pipe.md')).toMatch(/not a regular file but a FIFO/)
    expect(reasonOf(listing, 'socket.md')).toMatch(/not a regular file but a socket/)
    expect(reasonOf(listing, 'to-pipe.md')).toMatch(/symlink to a FIFO.*, not a regular file/)
    for (const file of ['out-file.md', 'out-folder', 'sub/up-and-out']) {
      expect(reasonOf(listing, file)).toMatch(/outside the posts folder: not followed, as Jekyll's safe mode does/)
    }
    expect(reasonOf(listing, 'out-file.md')).toContain(realpathSync(join(outside, '2022-01-01-secret.md')))
    expect(reasonOf(listing, 'sub/back-up')).toMatch(/the posts folder itself, which it is in: a loop/)
    expect(reasonOf(listing, 'sub/here')).toMatch(/"sub", which it is in: a loop/)
    expect(reasonOf(listing, 'sub-again')).toMatch(/"sub", whose posts are listed under that name: not listed twice/)
    // Nothing from outside is listed, under any name.
    expect(listing.files.some((f) => f.file.includes('secret') || f.file.includes('more'))).toBe(false)
    // A second thread walking the folder (as for a large archive) finds the same.
    expect(listPosts(root, { expected: 1, helperFrom: 1 })).toEqual(listing)
  })

  it('lists a folder reached through a symlink as its posts folder', () => {
    const link = join(tempDir('listing-link'), '_posts')
    symlinkSync(root, link)
    expect(listed(listPosts(link))).toEqual(listed(listPosts(root)))
  })
})

describe('a name that is not UTF-8', () => {
  it('is a problem that says so, rather than a file that silently vanishes', () => {
    const root = tempDir('listing-gbk')
    write(join(root, '2022-01-01-good.md'))
    // 2022-01-01-测试.md with its name in GBK, as an old Windows archive would have it.
    const gbk = Buffer.from([0xb2, 0xe2, 0xca, 0xd4])
    writeFileSync(Buffer.concat([Buffer.from(`${root}/2022-01-01-`), gbk, Buffer.from('.md')]), POST)
    const listing = listPosts(root)
    expect(listed(listing)).toEqual(['2022-01-01-good.md'])
    expect(listing.problems).toHaveLength(1)
    expect(listing.problems[0]?.file).toMatch(/^2022-01-01-.*\.md$/)
    expect(listing.problems[0]?.reasons).toEqual([expect.stringMatching(/name is not valid UTF-8/) as string])
    expect(listPosts(root, { expected: 1, helperFrom: 1 })).toEqual(listing)
  })
})

describe('a folder it cannot read', () => {
  it('is a problem with its reason, and the rest is listed', () => {
    const root = tempDir('listing-locked')
    write(join(root, '2022-01-01-open.md'))
    mkdirSync(join(root, 'locked'))
    write(join(root, 'locked', '2022-01-01-hidden.md'))
    chmodSync(join(root, 'locked'), 0o000)
    // The temporary folder is private to its owner: let the unprivileged child below in.
    chmodSync(root, 0o755)
    // Root reads any folder, so the listing runs as `nobody` when the tests run as root. `nobody` may not be
    // able to reach this checkout (a clone in a private folder), so it runs a bundle of the listing code
    // placed beside the posts.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}
    const runner = join(root, 'list-posts.mjs')
    buildSync({
      stdin: { contents: `import { listPosts } from ${JSON.stringify(join(REPO_ROOT, 'src/pipeline/listing/post-listing.ts'))}; console.log(JSON.stringify(listPosts(process.argv[2])))`, resolveDir: REPO_ROOT, loader: 'ts' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      outfile: runner,
      logLevel: 'silent',
    })
    chmodSync(runner, 0o644)
    const posts = join(root, 'posts')
    mkdirSync(posts)
    for (const name of ['2022-01-01-open.md', 'locked']) renameSync(join(root, name), join(posts, name))
    chmodSync(posts, 0o755)
    const out = execFileSync(process.execPath, [runner, posts], { cwd: root, encoding: 'utf8', ...asNobody })
    const listing = JSON.parse(out) as PostListing
    chmodSync(join(posts, 'locked'), 0o755)
    expect(listed(listing)).toEqual(['2022-01-01-open.md'])
    expect(reasonOf(listing, 'locked')).toMatch(/cannot read the folder \(EACCES\)/)
  })
})
