// Stat-ing many files on two threads gives what stat-ing them one by one gives: the size and time of each
// plain file, in order, and a mark for what is not a plain file (gone, a folder), whichever thread did it.
import { mkdirSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { statFiles } from '../../src/pipeline/listing/stat-files.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'

afterAll(removeTempDirs)

/** A folder of `n` files of different sizes and times, with a folder and a missing name among them. */
function folder(n: number): string[] {
  const root = tempDir('stat-files')
  const paths: string[] = []
  for (let i = 0; i < n; i++) {
    const path = join(root, `2022-01-01-${i}.md`)
    writeFileSync(path, 'x'.repeat(i % 97))
    utimesSync(path, 1_650_000_000 + i, 1_650_000_000 + i)
    paths.push(path)
  }
  mkdirSync(join(root, 'a-folder'))
  paths.splice(Math.floor(n / 3), 0, join(root, 'a-folder'))
  paths.splice(Math.floor((2 * n) / 3), 0, join(root, 'never-written.md'))
  return paths
}

function oneByOne(paths: readonly string[]): number[] {
  return paths.flatMap((p) => {
    const st = statSync(p, { throwIfNoEntry: false })
    return st?.isFile() ? [st.size, st.mtimeMs] : [-1, 0]
  })
}

/** The results with the time of a non-file dropped (it is not part of the answer). */
function answers(results: Float64Array): number[] {
  const out: number[] = []
  for (let i = 0; i < results.length; i += 2) out.push(results[i] as number, results[i] === -1 ? 0 : (results[i + 1] as number))
  return out
}

describe('statFiles', () => {
  it('gives each file its size and time in order, on this thread alone', () => {
    const paths = folder(300)
    expect(answers(statFiles(paths))).toEqual(oneByOne(paths))
  })

  it('gives the same with a second thread helping (every chunk of 512 files, both ends)', () => {
    const paths = folder(3000)
    const results = answers(statFiles(paths, { helperFrom: 1 }))
    expect(results).toEqual(oneByOne(paths))
    // The marks for the folder and the missing file are where they were put.
    expect(results[2 * Math.floor(3000 / 3)]).toBe(-1)
    expect(results.filter((v, i) => i % 2 === 0 && v === -1)).toHaveLength(2)
  })

  it("takes paths inside a folder, and does the caller's other work once while the helper stats", () => {
    const paths = folder(3000)
    const root = dirname(paths[0] as string)
    const inside = paths.map((p) => relative(root, p))
    let calls = 0
    const results = statFiles(inside, { base: `${root}/`, helperFrom: 1, meanwhile: () => calls++ })
    expect(answers(results)).toEqual(oneByOne(paths))
    expect(calls).toBe(1)
    // With no helper (few files) it is done all the same.
    expect(answers(statFiles(inside.slice(0, 10), { base: `${root}/`, meanwhile: () => calls++ }))).toEqual(oneByOne(paths.slice(0, 10)))
    expect(calls).toBe(2)
  })
})
