// A new process finds what changed by comparing the folder's signatures with the index's, summed by bucket
// (a post's date) first: whatever the sums say, a build reads exactly the posts that changed, and its output
// is the clean build's.
import { mkdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openIndex } from '../../src/pipeline/build-content.ts'
import { build, readTree, removeTempDirs, tempDir } from './support/data-folder.ts'
import { generatePosts } from './support/generate-posts.ts'

afterAll(removeTempDirs)

const T0 = new Date(Date.UTC(2023, 5, 1))

function archive(count: number): { posts: string; files: string[]; out: string; cacheDir: string } {
  const posts = tempDir('change-set-posts')
  const files = generatePosts(posts, count)
  for (const f of files) utimesSync(join(posts, f), T0, T0)
  return { posts, files, out: tempDir('change-set-out'), cacheDir: tempDir('change-set-cache') }
}

async function expectSameAsCleanBuild(posts: string, out: string): Promise<void> {
  const clean = tempDir('change-set-clean')
  await build({ posts, out: clean })
  const a = readTree(out)
  const b = readTree(clean)
  expect([...a.keys()].sort()).toEqual([...b.keys()].sort())
  expect([...a].filter(([path, bytes]) => !b.get(path)?.equals(bytes)).map(([path]) => path)).toEqual([])
}

/** Runs `change` on the archive's index, as a build would open it. */
function onIndex(ws: { posts: string; out: string; cacheDir: string }, change: (db: ReturnType<typeof openIndex>['db']) => void): void {
  const index = openIndex(ws.cacheDir, ws.posts, ws.out)
  try {
    change(index.db)
  } finally {
    index.close()
  }
}

describe('the change set of a new process', () => {
  it('finds an edit that keeps the size, a new post, a removal and a rename, each in its own day', async () => {
    const ws = archive(120)
    await build(ws)
    const [edited, removed, renamed] = [ws.files[10], ws.files[50], ws.files[90]] as [string, string, string]
    // Same length, new bytes and time.
    writeFileSync(join(ws.posts, edited), readFileSync(join(ws.posts, edited), 'utf8').replace('。', '！'))
    rmSync(join(ws.posts, removed))
    renameSync(join(ws.posts, renamed), join(ws.posts, renamed.replace('.md', '-moved.md')))
    writeFileSync(join(ws.posts, '2024-01-01-new.md'), '---\ntitle: "新的一篇"\ndate: 2024-01-01 10:00:00 +0800\n---\n<p>正文。</p>\n')
    const { stats } = await build(ws)
    expect({ added: stats.added, changed: stats.changed, removed: stats.removed, renamed: stats.renamed, parsed: stats.parsed }).toEqual({
      added: 2,
      changed: 1,
      removed: 2,
      renamed: 1,
      parsed: 3,
    })
    await expectSameAsCleanBuild(ws.posts, ws.out)
  })

  it('looks row by row at a post whose row changed behind its back, though the folder did not change', async () => {
    const ws = archive(60)
    await build(ws)
    const victim = ws.files[20] as string
    // Something wrote the row without summing its bucket again: the trigger took the bucket's sums away.
    onIndex(ws, (db) => db.prepare('UPDATE posts SET mtime = 1 WHERE file = ?').run(victim))
    const { stats } = await build(ws)
    expect({ changed: stats.changed, parsed: stats.parsed }).toEqual({ changed: 1, parsed: 1 })
    await expectSameAsCleanBuild(ws.posts, ws.out)
  })

  it('makes lost sums again from the rows, reading no post', async () => {
    const ws = archive(60)
    await build(ws)
    let buckets = 0
    onIndex(ws, (db) => {
      buckets = (db.prepare('SELECT count(*) FROM post_buckets').pluck().get() as number)
      db.exec('DELETE FROM post_buckets')
    })
    // Posts eight hours apart from 2023-04-01: a bucket a day.
    expect(buckets).toBe(new Set(ws.files.map((f) => f.slice(0, 10))).size)
    const { stats } = await build(ws)
    expect({ changed: stats.changed, added: stats.added, parsed: stats.parsed }).toEqual({ changed: 0, added: 0, parsed: 0 })
    onIndex(ws, (db) => expect(db.prepare('SELECT count(*) FROM post_buckets').pluck().get()).toBe(buckets))
  })

  it('follows files whose names do not start in ASCII, and folders, like any other', async () => {
    const ws = archive(30)
    mkdirSync(join(ws.posts, '2023'))
    const odd = ['新闻-一.md', '新闻-二.md', '2023/2023-05-02-in-a-folder.md']
    for (const name of odd) writeFileSync(join(ws.posts, name), `---\ntitle: "${name}"\ndate: 2023-05-01 10:00:00 +0800\n---\n<p>正文。</p>\n`)
    await build(ws)
    rmSync(join(ws.posts, odd[0] as string))
    for (const name of odd.slice(1)) writeFileSync(join(ws.posts, name), '---\ntitle: "改过的"\ndate: 2023-05-01 10:00:00 +0800\n---\n<p>改过的正文。</p>\n')
    const { stats } = await build(ws)
    expect({ changed: stats.changed, removed: stats.removed, parsed: stats.parsed }).toEqual({ changed: 2, removed: 1, parsed: 2 })
    await expectSameAsCleanBuild(ws.posts, ws.out)
  })

  it('names the post not kept under a shared id until one of the two goes, also in an index kept before such ids were', async () => {
    const ws = archive(30)
    const kept = ws.files[5] as string
    const id = kept.replace(/^\d{4}-\d{2}-\d{2}-/, '').replace(/\.md$/, '')
    const copy = `-${id}.md`
    writeFileSync(join(ws.posts, copy), '---\ntitle: ""\ndate: 2023-04-02 10:00:00 +0800\n---\n<p>另一份正文。</p>\n')
    const first = await build(ws)
    expect(first.report.rejected.map((r) => r.file)).toEqual([copy])
    // An index written before the contested ids were kept finds them again from its posts.
    onIndex(ws, (db) => db.exec('DROP TABLE contested'))
    const again = await build(ws)
    expect(again.stats.parsed).toBe(0)
    expect(again.report.rejected).toEqual(first.report.rejected)
    rmSync(join(ws.posts, kept))
    const { report } = await build(ws)
    expect(report.rejected).toEqual([])
    expect(report.written).toBe(30)
  })
})
