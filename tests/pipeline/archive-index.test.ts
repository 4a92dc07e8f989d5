// The archive index's journal: an index that holds no post yet is filled by its first build on a rollback
// journal (each page written once, not into a log and then again), and is on WAL from its first commit on,
// so that readers never wait; a first build rolled back or killed leaves nothing behind.
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ArchiveIndex } from '../../src/pipeline/index/archive-index.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'
import { runScript } from './support/script-process.ts'

afterAll(removeTempDirs)

const mode = (index: ArchiveIndex): unknown => index.db.pragma('journal_mode', { simple: true })

describe('the archive index on disk', () => {
  it('fills a new index on a rollback journal and turns WAL on at its first commit, for good', () => {
    const file = join(tempDir('index'), 'index.sqlite')
    const index = ArchiveIndex.open(file)
    expect(mode(index)).toBe('truncate')
    index.db.exec('BEGIN')
    index.set('probe', 'first build')
    index.commit()
    expect(mode(index)).toBe('wal')
    index.close()
    // A later open (an index with no post yet) starts on the journal again; one with posts stays on WAL.
    const again = ArchiveIndex.open(file)
    expect(again.get('probe')).toBe('first build')
    expect(mode(again)).toBe('truncate')
    again.db.exec('BEGIN')
    again.db.exec("INSERT INTO posts(file, size, mtime, hash, reasons) VALUES ('2024-01-01-1.md', 1, 1, 'h', '[]')")
    again.commit()
    again.close()
    const third = ArchiveIndex.open(file)
    expect(mode(third)).toBe('wal')
    third.close()
  })

  it('keeps nothing of a first build rolled back, and fills the index on the journal again', () => {
    const file = join(tempDir('index'), 'index.sqlite')
    const index = ArchiveIndex.open(file)
    index.db.exec('BEGIN')
    index.set('probe', 'never committed')
    index.db.exec('ROLLBACK')
    index.close()
    const again = ArchiveIndex.open(file)
    expect(again.get('probe')).toBeUndefined()
    expect(mode(again)).toBe('truncate')
    again.close()
  })

  it('rolls back a first build killed after its rows reached the database file, at the next open', async () => {
    const file = join(tempDir('index'), 'index.sqlite')
    const stalled = runScript('tests/pipeline/support/first-build-stalled.ts', [file])
    await stalled.waitForOutput(/spilled: \d+ bytes/)
    expect(await stalled.kill()).toEqual({ code: null, signal: 'SIGKILL' })
    // The journal that undoes the unfinished transaction is what the killed build left beside the index.
    expect(statSync(`${file}-journal`).size).toBeGreaterThan(0)
    const again = ArchiveIndex.open(file)
    expect(again.db.prepare('SELECT count(*) FROM posts').pluck().get()).toBe(0)
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok')
    expect(mode(again)).toBe('truncate')
    again.close()
  })
})
