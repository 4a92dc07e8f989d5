// Look-up buckets: the pipeline and the app must put a key in the same bucket, on any machine.
import { describe, expect, it } from 'vitest'
import { bucketCount, bucketOf, fnv1a } from '../../src/content/buckets.ts'

describe('fnv1a', () => {
  it('is 32-bit FNV-1a (the published test vectors for ASCII keys)', () => {
    expect(fnv1a('')).toBe(0x811c9dc5)
    expect(fnv1a('a')).toBe(0xe40c292c)
    expect(fnv1a('foobar')).toBe(0xbf9cf968)
  })

  it('is an unsigned 32-bit integer for Chinese keys too', () => {
    for (const key of ['东财滚动新闻', '财联社新闻', '1.600519', '\u{1F4C8}']) {
      const h = fnv1a(key)
      expect(Number.isInteger(h)).toBe(true)
      expect(h).toBeGreaterThanOrEqual(0)
      expect(h).toBeLessThan(2 ** 32)
    }
  })
})

describe('bucketOf', () => {
  const keys = Array.from({ length: 2000 }, (_, i) => (i % 2 ? `2022052623919${String(i).padStart(5, '0')}` : `1.${600000 + i}`))

  it('is the same for the same key every time', () => {
    for (const key of keys.slice(0, 50)) expect(bucketOf(key, 16)).toBe(bucketOf(key, 16))
    expect(bucketOf('202205262391921712', 8)).toBe(fnv1a('202205262391921712') % 8)
  })

  it('is always a whole bucket number in range', () => {
    for (const n of [1, 2, 3, 16, 256]) {
      for (const key of keys) {
        const b = bucketOf(key, n)
        expect(Number.isInteger(b)).toBe(true)
        expect(b).toBeGreaterThanOrEqual(0)
        expect(b).toBeLessThan(n)
      }
    }
  })

  it('uses every bucket for many keys (no bucket left empty, none holding most keys)', () => {
    const counts = new Array<number>(16).fill(0)
    for (const key of keys) counts[bucketOf(key, 16)] = (counts[bucketOf(key, 16)] ?? 0) + 1
    expect(Math.min(...counts)).toBeGreaterThan(0)
    expect(Math.max(...counts)).toBeLessThan(keys.length / 4)
  })

  it('puts everything in bucket 0 when there is one bucket or none', () => {
    expect(bucketOf('x', 1)).toBe(0)
    expect(bucketOf('x', 0)).toBe(0)
    expect(bucketOf('x', -4)).toBe(0)
  })
})

describe('bucketCount', () => {
  it('is one bucket for small tables', () => {
    expect(bucketCount(0)).toBe(1)
    expect(bucketCount(1)).toBe(1)
    expect(bucketCount(500)).toBe(1)
  })

  it('doubles to keep buckets near the target size', () => {
    expect(bucketCount(501)).toBe(2)
    expect(bucketCount(1000)).toBe(2)
    expect(bucketCount(1001)).toBe(4)
    expect(bucketCount(250, 100)).toBe(4)
  })

  it('is a power of two between 1 and its most (1024 unless told) for any size, and never shrinks as the table grows', () => {
    for (const max of [1024, 256, 8]) {
      let last = 1
      for (const size of [0, 7, 499, 500, 501, 5_000, 50_000, 128_000, 1_000_000, 1e9]) {
        const n = max === 1024 ? bucketCount(size) : bucketCount(size, 500, max)
        expect(n).toBeGreaterThanOrEqual(1)
        expect(n).toBeLessThanOrEqual(max)
        expect(Math.log2(n) % 1).toBe(0)
        expect(n).toBeGreaterThanOrEqual(last)
        if (n < max) expect(size / n).toBeLessThanOrEqual(500)
        last = n
      }
      expect(bucketCount(1e9, 500, max)).toBe(max)
    }
  })
})
