// Files written whole or not at all: what a reader finds after a writer is killed, and moving a finished
// file into a place where an old site had something else.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { isTempName, removeLeftoverTemps, renameIntoPlace, writeFileAtomic, writeFileAtomicSync } from '../../src/pipeline/durable-file.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'
import { runScript } from './support/script-process.ts'

afterAll(removeTempDirs)

describe.concurrent('writing a file atomically', () => {
  it('replaces the file and leaves nothing else in its folder', async () => {
    const dir = tempDir('durable')
    const file = join(dir, 'manifest.json')
    writeFileAtomicSync(file, 'one')
    await writeFileAtomic(file, 'two')
    expect(readFileSync(file, 'utf8')).toBe('two')
    expect(readdirSync(dir)).toEqual(['manifest.json'])
  })

  it('writes through a temporary folder of the same disk, leaving nothing in either', () => {
    const root = tempDir('durable')
    mkdirSync(join(root, 'articles'))
    writeFileAtomicSync(join(root, 'articles', 'a.json'), '{"a":1}', root)
    expect(readFileSync(join(root, 'articles', 'a.json'), 'utf8')).toBe('{"a":1}')
    expect(readdirSync(join(root, 'articles'))).toEqual(['a.json'])
    expect(readdirSync(root)).toEqual(['articles'])
  })

  it('writes beside the file when the temporary folder is on another file system', () => {
    const shm = '/dev/shm'
    const dir = tempDir('durable')
    // On Linux /dev/shm is a file system of its own (tmpfs), apart from the test folders' disk.
    expect(statSync(shm).dev).not.toBe(statSync(dir).dev)
    const before = readdirSync(shm).filter(isTempName)
    writeFileAtomicSync(join(dir, 'a.json'), '{"b":2}', shm)
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('{"b":2}')
    expect(readdirSync(dir)).toEqual(['a.json'])
    expect(readdirSync(shm).filter(isTempName)).toEqual(before)
  })

  it('keeps a temporary name short whatever the length of the file name', () => {
    const dir = tempDir('durable')
    // 250 bytes: the longest a name may be on most file systems, less a few.
    const file = join(dir, `${'x'.repeat(245)}.json`)
    writeFileAtomicSync(file, '{}')
    expect(readFileSync(file, 'utf8')).toBe('{}')
  })

  it('fails without leaving a temporary file when the folder is missing', async () => {
    const dir = tempDir('durable')
    expect(() => writeFileAtomicSync(join(dir, 'gone', 'a.json'), '{}')).toThrow(/ENOENT/)
    await expect(writeFileAtomic(join(dir, 'gone', 'a.json'), '{}')).rejects.toThrow(/ENOENT/)
    expect(readdirSync(dir)).toEqual([])
  })

  it('never leaves a part of a file under its name when the writer is killed, and the leftovers can be swept', async () => {
    const dir = tempDir('durable')
    const file = join(dir, 'big.json')
    const bytes = 4_000_000
    const writer = runScript('tests/pipeline/support/durable-writer.ts', [file, String(bytes)])
    // Killed while it is busy rewriting the file, wherever in a write that lands.
    await writer.waitForOutput(/^3$/m)
    await writer.kill()
    const content = readFileSync(file)
    expect(content.length).toBe(bytes)
    const first = content[0]
    expect(first === 0x61 || first === 0x62).toBe(true)
    expect(content.every((byte) => byte === first)).toBe(true)

    // A temporary file the writer was filling may be left: the next writer sweeps it, keeping the file.
    removeLeftoverTemps(dir)
    expect(readdirSync(dir)).toEqual(['big.json'])
  })

  it('sweeps only other processes\' temporary files', () => {
    const dir = tempDir('durable')
    writeFileSync(join(dir, '.finews-tmp-1-0-deadbeef-1'), 'half')
    writeFileSync(join(dir, 'kept.json'), '{}')
    expect(removeLeftoverTemps(dir)).toBe(1)
    expect(readdirSync(dir)).toEqual(['kept.json'])
    expect(isTempName('.finews-tmp-1-0-deadbeef-1')).toBe(true)
    expect(isTempName('kept.json')).toBe(false)
  })
})

describe.concurrent('moving a finished file into place', () => {
  it('creates the folders on the way', () => {
    const dir = tempDir('durable')
    writeFileSync(join(dir, 'new.xml'), 'feed')
    renameIntoPlace(join(dir, 'new.xml'), join(dir, 'site', 'feeds', 'tag', 'a.xml'))
    expect(readFileSync(join(dir, 'site', 'feeds', 'tag', 'a.xml'), 'utf8')).toBe('feed')
    expect(existsSync(join(dir, 'new.xml'))).toBe(false)
  })

  it('replaces a folder that stands where the file goes', () => {
    const dir = tempDir('durable')
    mkdirSync(join(dir, 'site', 'sitemap.xml', 'old'), { recursive: true })
    writeFileSync(join(dir, 'site', 'sitemap.xml', 'old', 'x'), 'old')
    writeFileSync(join(dir, 'new'), 'sitemap')
    renameIntoPlace(join(dir, 'new'), join(dir, 'site', 'sitemap.xml'))
    expect(readFileSync(join(dir, 'site', 'sitemap.xml'), 'utf8')).toBe('sitemap')
  })

  it('replaces a file that stands where one of its folders goes', () => {
    const dir = tempDir('durable')
    mkdirSync(join(dir, 'site'))
    writeFileSync(join(dir, 'site', 'feeds'), 'an old file named like the new folder')
    writeFileSync(join(dir, 'new'), 'feed')
    renameIntoPlace(join(dir, 'new'), join(dir, 'site', 'feeds', 'category', 'a.xml'))
    expect(readFileSync(join(dir, 'site', 'feeds', 'category', 'a.xml'), 'utf8')).toBe('feed')
  })
})
