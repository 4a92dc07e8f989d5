// Ids made from post file names: every one the pipeline writes is one the app's `/a/<id>` route opens,
// and a name too long for an id gives a post that is still published, under a shortened id, with a reason.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ARTICLE_ID_MAX_LENGTH } from '../../src/content/ids.ts'
import { articleIdParam } from '../../src/lib/route-params.ts'
import { articlePath } from '../../src/pipeline/outputs/article-files.ts'
import { parsePost, type ParsedPost } from '../../src/pipeline/read/parse-post.ts'
import { readPostFileName } from '../../src/pipeline/read/post-file.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'
import { seededRandom as random } from './support/seeded-random.ts'

afterAll(removeTempDirs)

const TEXT = '---\ntitle: "沪指收涨"\ndate: 2022-01-01 10:00:00 +0800\ncategories: emnews\ntags: 东财滚动新闻\n---\n<p>正文。</p>\n'

function parsed(file: string): ParsedPost {
  const outcome = parsePost(file, TEXT)
  if (outcome.status !== 'ok') throw new Error(`${file} was rejected: ${outcome.reasons.join('; ')}`)
  return outcome.post
}

/** Writes the post's article file where the pipeline would, as a build does (the name is the point). */
function writeArticle(post: ParsedPost): string {
  const out = tempDir('ids-out')
  const path = articlePath(post, 'parse-key')
  mkdirSync(dirname(join(out, path)), { recursive: true })
  writeFileSync(join(out, path), '{}')
  return path
}

function randomName(next: () => number, pool: string, maxLength: number): string {
  const length = Math.floor(next() * maxLength)
  let name = ''
  for (let i = 0; i < length; i++) name += pool[Math.floor(next() * pool.length)] ?? ''
  return name
}

describe('a post whose name is a long slug', () => {
  // The case: written and linked, while its page said 找不到这篇文章.
  const slug75 = 'china-stocks-close-higher-as-consumer-electronics-and-new-energy-lead-gains'

  it('keeps its name as its id, and the app opens it', () => {
    expect(slug75).toHaveLength(75)
    const post = parsed(`2022-01-01-${slug75}.md`)
    expect(post.id).toBe(slug75)
    expect(post.reasons).toEqual([])
    expect(articleIdParam(post.id)).toBe(post.id)
  })

  it.each([ARTICLE_ID_MAX_LENGTH + 1, 150, 233, 240])('of %i characters is published under a shortened id, with the reason, and its file can be written', (length) => {
    const slug = `${'news-'.repeat(60)}`.slice(0, length - 1) + 'z'
    const post = parsed(`2022-01-01-${slug}.md`)
    expect(post.id.length).toBeLessThanOrEqual(ARTICLE_ID_MAX_LENGTH)
    expect(slug.startsWith(post.id.slice(0, 50))).toBe(true)
    expect(post.reasons).toEqual([expect.stringContaining(`is ${length} characters, more than the ${ARTICLE_ID_MAX_LENGTH}`) as string])
    expect(post.reasons[0]).toContain(`shortened to "${post.id}"`)
    expect(articleIdParam(post.id)).toBe(post.id)
    expect(writeArticle(post)).toMatch(new RegExp(`^articles/${post.id}\\.[0-9a-f]+\\.json$`))
  })

  it('gets the same id on every build, and a different one from a long name that starts the same', () => {
    const slug = 'a'.repeat(150)
    expect(readPostFileName(`2022-01-01-${slug}.md`).id).toBe(readPostFileName(`2023-05-05-${slug}.markdown`).id)
    expect(readPostFileName(`2022-01-01-${slug}.md`).id).not.toBe(readPostFileName(`2022-01-01-${slug}b.md`).id)
  })
})

describe('the pipeline and the app agree on ids', () => {
  const SEED = 20220101

  it('every id made from any file name opens in the app', () => {
    const next = random(SEED)
    const pool = 'aZ09_- .-/%蔚来？！ＡＢ１é\t'
    for (let i = 0; i < 3000; i++) {
      const name = randomName(next, pool, i % 10 === 0 ? 300 : 40)
      for (const file of [`2022-01-01-${name}.md`, `${name}.md`]) {
        const { id } = readPostFileName(file)
        expect(articleIdParam(id), `seed ${SEED}, file ${JSON.stringify(file)}`).toBe(id)
      }
    }
  })

  it('the app opens an id exactly when a post named after it gets that id', () => {
    const next = random(SEED + 1)
    const pool = 'ab09_-.-'
    const candidates = ['a'.repeat(ARTICLE_ID_MAX_LENGTH), 'a'.repeat(ARTICLE_ID_MAX_LENGTH + 1), '-a', 'a-', 'a--b', '_', '']
    for (let i = 0; i < 3000; i++) candidates.push(randomName(next, pool, i % 10 === 0 ? 130 : 12))
    for (const candidate of candidates) {
      const opens = articleIdParam(candidate) === candidate
      const made = readPostFileName(`2022-01-01-${candidate}.md`).id === candidate
      expect(opens, `seed ${SEED + 1}, id ${JSON.stringify(candidate)}`).toBe(made)
    }
  })
})
