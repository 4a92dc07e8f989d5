// A day's search terms patched in place (an edited old post) against the day built again from its articles:
// the same bytes, over seeded random edits of the real corpus's articles (new text, another category, an
// article with no text, several at once). FINEWS_SEED=<seed> replays a seed.
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildDay, decodeDay, patchDay, type DayArticle, type DayEdit } from '../../src/pipeline/outputs/search/search-days.ts'
import { CORPUS_CATEGORIES, CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { build, removeTempDirs, tempDir } from './support/data-folder.ts'
import { seededRandom as random } from './support/seeded-random.ts'

afterAll(removeTempDirs)

const SEED = process.env.FINEWS_SEED ? Number(process.env.FINEWS_SEED) : 20_261_204

describeCorpus('a day\'s search terms patched in place', () => {
  let out = ''
  let paths: string[] = []

  beforeAll(async () => {
    out = tempDir('search-days')
    await build({ posts: CORPUS_POSTS, categories: CORPUS_CATEGORIES, out })
    paths = readdirSync(join(out, 'articles')).map((name) => `articles/${name}`)
  }, 120_000)

  it(`gives the bytes of the day built again, for edits anywhere in it (FINEWS_SEED=${SEED})`, () => {
    const pick = random(SEED)
    const any = <T,>(list: readonly T[]): T => list[Math.floor(pick() * list.length)] as T
    const categories = ['emnews', 'cjdd', 'gsxw', 'yaowen']
    let patchedTerms = 0
    for (let round = 0; round < 60; round++) {
      const size = 1 + Math.floor(pick() * 40)
      const day: DayArticle[] = Array.from({ length: size }, () => ({ category: any(categories), path: any(paths) }))
      const before = buildDay(out, day)
      const after = day.slice()
      const edits: DayEdit[] = []
      const docs = new Set(Array.from({ length: 1 + Math.floor(pick() * 3) }, () => Math.floor(pick() * size)))
      for (const doc of docs) {
        const was = after[doc] as DayArticle
        // Another text, or the same text in another category, or both.
        const kind = pick()
        const article = { category: kind < 0.3 ? was.category : any(categories), path: kind < 0.7 ? any(paths) : was.path }
        after[doc] = article
        edits.push({ doc, article })
      }
      const expected = buildDay(out, after)
      const patched = patchDay(out, decodeDay(before), edits)
      expect(Buffer.from(patched).equals(Buffer.from(expected)), `FINEWS_SEED=${SEED}, round ${round}: ${size} documents, ${edits.length} edited`).toBe(true)
      patchedTerms += decodeDay(expected).df.length
    }
    expect(patchedTerms).toBeGreaterThan(1000)
  })

  it('refuses an edit past the day\'s end, so a day that lost articles is built again instead', () => {
    const day: DayArticle[] = paths.slice(0, 3).map((path) => ({ category: 'emnews', path }))
    expect(() => patchDay(out, decodeDay(buildDay(out, day)), [{ doc: 3, article: { category: 'emnews', path: paths[4] as string } }])).toThrow(/past its end/)
  })
})
