// Walking and stat-ing a folder on two threads gives what one thread gives: every plain file with its size
// and time, whichever thread stat-ed it, and the entries that are not plain files for the listing to judge.
import { execFileSync } from 'node:child_process'
import { mkdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { scanFolder, type FolderScan } from '../../src/pipeline/listing/scan-folder.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'

afterAll(removeTempDirs)

/** A folder of `n` files of different sizes and times, a subfolder of a few, a symlink and a FIFO. */
function folder(n: number): string {
  const root = tempDir('scan-folder')
  mkdirSync(join(root, '2021'))
  for (let i = 0; i < n; i++) {
    const path = i % 100 === 7 ? join(root, '2021', `2021-01-01-${i}.md`) : join(root, `2022-01-01-${i}.md`)
    writeFileSync(path, 'x'.repeat(i % 97))
    utimesSync(path, 1_650_000_000 + i, 1_650_000_000 + i)
  }
  symlinkSync(join(root, '2022-01-01-1.md'), join(root, 'a-link.md'))
  execFileSync('mkfifo', [join(root, 'a-fifo')])
  return `${root}/`
}

/** Each plain file found, with what statSync says of it one by one, sorted by name. */
function byName(scan: FolderScan): [string, number, number][] {
  return scan.names.map((name, i) => [name, scan.stats[2 * i] as number, scan.stats[2 * i + 1] as number] as [string, number, number]).sort((a, b) => (a[0] < b[0] ? -1 : 1))
}

function oneByOne(base: string, scan: FolderScan): [string, number, number][] {
  return [...scan.names].sort().map((name) => {
    const st = statSync(base + name)
    return [name, st.size, st.mtimeMs]
  })
}

describe('scanFolder', () => {
  it('finds every plain file, in subfolders too, with its size and time, on this thread alone', () => {
    const base = folder(300)
    const scan = scanFolder(base)
    expect(scan.helped).toBe(false)
    expect(scan.names).toHaveLength(300)
    expect(scan.names.filter((n) => n.startsWith('2021/'))).toHaveLength(3)
    expect(byName(scan)).toEqual(oneByOne(base, scan))
    expect([...scan.others].sort()).toEqual(['a-fifo', 'a-link.md'])
  })

  it("gives the same with a helper thread stat-ing too (chunks of 512 from both ends)", () => {
    const base = folder(3000)
    const alone = scanFolder(base)
    const helped = scanFolder(base, { expected: 3000, helperFrom: 1 })
    expect(helped.helped).toBe(true)
    expect(byName(helped)).toEqual(byName(alone))
    expect(byName(helped)).toEqual(oneByOne(base, helped))
    expect([...helped.others].sort()).toEqual(['a-fifo', 'a-link.md'])
  })

  it('gives the same when the helper gets the names in many batches while the walk goes on', () => {
    const base = folder(3000)
    const alone = scanFolder(base)
    // Chunks of 8 files, sent 16 chunks at a time: 23 batches before the walk ends.
    const helped = scanFolder(base, { expected: 3000, helperFrom: 1, chunk: 8 })
    expect(helped.helped).toBe(true)
    expect(byName(helped)).toEqual(byName(alone))
    expect(byName(helped)).toEqual(oneByOne(base, helped))
  })

  it('gives the same when the folder holds far more or far fewer files than expected', () => {
    const base = folder(3000)
    const alone = byName(scanFolder(base))
    // Room for 1,128 files shared with the helper (141 chunks of 8): the other 1,872 are this thread's alone.
    const more = scanFolder(base, { expected: 1000, helperFrom: 1, chunk: 8 })
    expect(more.names).toHaveLength(3000)
    expect(byName(more)).toEqual(alone)
    const fewer = scanFolder(base, { expected: 50_000, helperFrom: 1, chunk: 8 })
    expect(fewer.stats).toHaveLength(6000)
    expect(byName(fewer)).toEqual(alone)
  })

  it("does the caller's other work once, with a helper or without", () => {
    const base = folder(600)
    let calls = 0
    expect(scanFolder(base, { expected: 600, helperFrom: 1, meanwhile: () => calls++ }).helped).toBe(true)
    expect(calls).toBe(1)
    expect(scanFolder(base, { expected: 600, meanwhile: () => calls++ }).helped).toBe(false)
    expect(calls).toBe(2)
  })

  it('throws for a folder that is not there, with a helper or without', () => {
    const missing = `${tempDir('scan-missing')}/not-here/`
    expect(() => scanFolder(missing)).toThrow(/ENOENT/)
    expect(() => scanFolder(missing, { expected: 1, helperFrom: 1 })).toThrow(/ENOENT/)
  })
})
