// The article id rule: what an id may be, and how a name of any length becomes one.
import { describe, expect, it } from 'vitest'
import { ARTICLE_ID_MAX_LENGTH, fitArticleId, isArticleId, slugOf } from '../../src/content/ids.ts'

/** The longest article file name an id can give, as the pipeline names them. */
const articleFileName = (id: string): string => `${id}.${'f'.repeat(16)}.json`

describe('an article id', () => {
  it('is what the real archive has', () => {
    for (const id of ['202205262391921712', 'NW202205292395438077', 'ET7-news', 'a_b-c', 'p1a2b3c4d', 'constructor', '__proto__']) {
      expect(isArticleId(id)).toBe(true)
    }
  })

  it('is ASCII letters, digits and `_` joined by single dashes, and nothing a URL or a file name would change', () => {
    for (const id of ['', '.', '..', 'a.b', 'a/b', 'a b', 'a%20b', '蔚来', 'ＡＢＣ', '-a', 'a-', 'a--b', 'a\u0000b', 'a\nb']) {
      expect(isArticleId(id)).toBe(false)
    }
  })

  it(`has at most ${ARTICLE_ID_MAX_LENGTH} characters, so its file name fits every common file system`, () => {
    expect(isArticleId('a'.repeat(ARTICLE_ID_MAX_LENGTH))).toBe(true)
    expect(isArticleId('a'.repeat(ARTICLE_ID_MAX_LENGTH + 1))).toBe(false)
    // 255 bytes on ext4, NTFS, APFS; 143 in an eCryptfs home folder.
    expect(Buffer.byteLength(articleFileName('a'.repeat(ARTICLE_ID_MAX_LENGTH)))).toBeLessThanOrEqual(143)
  })
})

describe('an id made from a long name', () => {
  const long = `China-stocks-${'rally-'.repeat(60)}end`

  it('keeps a name that fits as it is', () => {
    const fits = 'x'.repeat(ARTICLE_ID_MAX_LENGTH)
    expect(fitArticleId(fits)).toBe(fits)
  })

  it('is shortened to a valid id that starts like the name, the same on every build', () => {
    const id = fitArticleId(long)
    expect(isArticleId(id)).toBe(true)
    expect(id.length).toBeLessThanOrEqual(ARTICLE_ID_MAX_LENGTH)
    expect(long.startsWith(id.slice(0, 40))).toBe(true)
    expect(fitArticleId(long)).toBe(id)
  })

  it('differs for two long names that only differ after the cut', () => {
    expect(fitArticleId(`${long}-a`)).not.toBe(fitArticleId(`${long}-b`))
  })

  it('is an id for any name at all, however long or odd', () => {
    for (const name of [long, '蔚来'.repeat(200), 'a-'.repeat(300), '_'.repeat(500), `${'x'.repeat(91)}-${'y'.repeat(50)}`, '-', '？！']) {
      expect(isArticleId(fitArticleId(slugOf(name))), name).toBe(true)
    }
  })
})
