// A post of any size or kind is published or rejected with its reason, read in bounded memory: a file
// over the size limit is never read, a binary file is never parsed, a FIFO never blocks the reader.
import { execFileSync } from 'node:child_process'
import { truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parseFile } from '../../src/pipeline/read/post-host.ts'
import { POST_MAX_BYTES } from '../../src/pipeline/read/post-text.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'

afterAll(removeTempDirs)

const FRONT = '---\ntitle: "大文件"\ndate: 2022-01-01 10:00:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n'
const PARAGRAPH = '<p>沪深两市成交额连续第三日突破万亿元，北向资金净买入。</p>\n'

/** A valid post of exactly `bytes` bytes: paragraphs, then ASCII padding in a last paragraph. */
function postOf(bytes: number): Buffer {
  const paragraph = Buffer.byteLength(PARAGRAPH)
  const room = bytes - Buffer.byteLength(FRONT) - '<p></p>\n'.length
  const count = Math.floor(room / paragraph)
  const text = `${FRONT}${PARAGRAPH.repeat(count)}<p>${'x'.repeat(room - count * paragraph)}</p>\n`
  const buffer = Buffer.from(text)
  expect(buffer.length).toBe(bytes)
  return buffer
}

describe('the size limit', () => {
  const dir = tempDir('post-size')

  it('publishes a post of exactly the limit', () => {
    writeFileSync(join(dir, '2022-01-01-at-limit.md'), postOf(POST_MAX_BYTES))
    const outcome = parseFile(dir, '2022-01-01-at-limit.md')
    expect(outcome.status).toBe('ok')
  })

  it('rejects a post one byte over it, saying how big it is and what the limit is', () => {
    writeFileSync(join(dir, '2022-01-01-over.md'), postOf(POST_MAX_BYTES + 1))
    const outcome = parseFile(dir, '2022-01-01-over.md')
    expect(outcome.status).toBe('rejected')
    expect(outcome.status === 'rejected' && outcome.reasons).toEqual(['too big to be a post: 2,097,153 bytes (2.0 MB), over the limit of 2,097,152 bytes (2.0 MB)'])
  })

  it('rejects a 50 MB file without reading it', () => {
    // Sparse: 50 MB long, no disk used, and no way to read it in a test's time if it were read whole and parsed.
    const file = '2022-01-01-huge.md'
    writeFileSync(join(dir, file), FRONT)
    truncateSync(join(dir, file), 50 * 1024 * 1024)
    const outcome = parseFile(dir, file)
    expect(outcome.status === 'rejected' && outcome.reasons).toEqual(['too big to be a post: 52,428,800 bytes (50.0 MB), over the limit of 2,097,152 bytes (2.0 MB)'])
  })
})

describe('files that are not text', () => {
  const dir = tempDir('post-kind')

  it('rejects a binary file named like a post', () => {
    // A PNG's first bytes, as when a picture is saved under a post's name.
    writeFileSync(join(dir, '2022-01-01-picture.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]))
    const outcome = parseFile(dir, '2022-01-01-picture.md')
    expect(outcome.status === 'rejected' && outcome.reasons).toEqual(['not a text file: it has NUL bytes (a binary file, or text saved as UTF-16)'])
  })

  it('rejects a post saved as UTF-16, naming that as a likely cause', () => {
    writeFileSync(join(dir, '2022-01-01-utf16.md'), Buffer.from(`\uFEFF${FRONT}${PARAGRAPH}`, 'utf16le'))
    const outcome = parseFile(dir, '2022-01-01-utf16.md')
    expect(outcome.status === 'rejected' && outcome.reasons[0]).toMatch(/UTF-16/)
  })

  it('publishes a post that is not valid UTF-8, saying so; and does not say so of a valid one that has a �', () => {
    const latin1 = Buffer.concat([Buffer.from(FRONT), Buffer.from('<p>caf'), Buffer.from([0xe9]), Buffer.from('，上涨。</p>\n')])
    writeFileSync(join(dir, '2022-01-01-latin1.md'), latin1)
    writeFileSync(join(dir, '2022-01-01-replacement.md'), `${FRONT}<p>原文乱码：\uFFFD。</p>\n`)
    const bad = parseFile(dir, '2022-01-01-latin1.md')
    const good = parseFile(dir, '2022-01-01-replacement.md')
    expect(bad.status === 'ok' && bad.post.reasons).toEqual([expect.stringMatching(/not valid UTF-8/) as string])
    expect(good.status === 'ok' && good.post.reasons).toEqual([])
  })

  it('rejects a FIFO where a post was listed, without waiting for a writer', () => {
    execFileSync('mkfifo', [join(dir, '2022-01-01-pipe.md')])
    const outcome = parseFile(dir, '2022-01-01-pipe.md')
    expect(outcome.status === 'rejected' && outcome.reasons).toEqual(['not a regular file: nothing to read'])
  })

  it('rejects a file that is gone, with the reason', () => {
    const outcome = parseFile(dir, '2022-01-01-missing.md')
    expect(outcome.status === 'rejected' && outcome.reasons).toEqual(['cannot read the file (ENOENT)'])
  })
})
