// The archive index's journal: an index that holds no post yet is filled by its first build on a rollback
// journal (each page written once, not into a log and then again), and is on WAL from its first commit on,
// so that readers never wait; a first build rolled back leaves nothing behind. (A first build killed with
// `kill -9`, its journal rolled back at the next open, is tests/pipeline/crash.test.ts's first round.)
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ArchiveIndex } from '../../src/pipeline/index/archive-index.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'

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
})
