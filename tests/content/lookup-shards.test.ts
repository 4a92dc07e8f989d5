// Where the look-up tables are cut into shards: the pipeline cuts, the app finds a key's shard, and both must
// agree on any machine; a scraper's new posts must rewrite a shard or two, not the whole table.
import { describe, expect, it } from 'vitest'
import { fnv1a } from '../../src/content/fnv1a.ts'
import { shardOf, shardRun, shardStarts } from '../../src/content/lookup-shards.ts'
import { compareIds } from '../../src/content/order.ts'

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

/** Eastmoney-like ids in order: 18 digits from a date and a running number, and some NW ones. */
function ids(count: number, from = 0): string[] {
  const out: string[] = []
  for (let i = from; i < from + count; i++) out.push(i % 7 === 3 ? `NW2022${String(i).padStart(12, '0')}` : `2022${String(i).padStart(14, '0')}`)
  return out.sort(compareIds)
}

/** The shards as [first key, keys] for sorted `keys`. */
function shardsOf(keys: readonly string[], run: number): [string, number][] {
  const starts = shardStarts(keys, run)
  return starts.map((start, s) => [keys[start] as string, (starts[s + 1] ?? keys.length) - start])
}

describe('shardStarts', () => {
  const keys = ids(20_000)

  it('cuts many keys into shards of about the run asked for: from half a run to a run and a half (the last may be shorter)', () => {
    const shards = shardsOf(keys, 100)
    expect(shards.length).toBeGreaterThan(20_000 / 100 / 1.5)
    expect(shards.length).toBeLessThan((20_000 / 100) * 1.5)
    shards.slice(0, -1).forEach(([, n]) => {
      expect(n).toBeGreaterThanOrEqual(50)
      expect(n).toBeLessThanOrEqual(150)
    })
    expect(shards.reduce((sum, [, n]) => sum + n, 0)).toBe(keys.length)
  })

  it('is one shard for a small table, and none for an empty one', () => {
    expect(shardStarts(['a', 'b', 'c'], 500)).toEqual([0])
    expect(shardStarts([], 500)).toEqual([])
  })

  it('leaves all but a few of some 200 shards as they were when 500 newer ids arrive', () => {
    const before = shardsOf(keys, 100)
    const after = shardsOf([...keys, ...ids(500, 20_000)].sort(compareIds), 100)
    const kept = after.filter(([first, n]) => before.some(([f, m]) => f === first && m === n))
    // The new ids sort at the end of each kind (digits, then NW): the shards around those two places change.
    expect(before.length - kept.length).toBeLessThanOrEqual(4)
    expect(after.length - kept.length).toBeLessThanOrEqual(4 + Math.ceil(500 / 50))
  })

  it('changes only the shards around a key added or removed, a few of some 200', () => {
    const before = shardsOf(keys, 100)
    for (const key of ['20220000000000004999x', ...keys.filter((_, i) => i % 997 === 0)]) {
      const changed = keys.includes(key) ? keys.filter((k) => k !== key) : [...keys, key].sort(compareIds)
      const after = shardsOf(changed, 100)
      const differ = after.filter(([first, n]) => !before.some(([f, m]) => f === first && m === n))
      expect(differ.length, key).toBeLessThanOrEqual(4)
    }
  })
})

describe('shardOf', () => {
  const keys = ids(5000)
  const starts = shardStarts(keys, 50)
  const shards = starts.map((start): [string, string] => [keys[start] as string, `lookups/a-${start}.json`])

  it('finds, for every key, the shard whose run holds it', () => {
    keys.forEach((key, i) => {
      const s = shardOf(shards, key)
      expect(starts[s], key).toBeLessThanOrEqual(i)
      expect(starts[s + 1] ?? Infinity, key).toBeGreaterThan(i)
    })
  })

  it('answers any key, even one named like an object property, and -1 with no shards', () => {
    for (const key of ['__proto__', 'constructor', 'toString', '', '\u{1F4C8}']) {
      const s = shardOf(shards, key)
      expect(s).toBeGreaterThanOrEqual(0)
      expect(s).toBeLessThan(shards.length)
    }
    expect(shardOf([], '2022')).toBe(-1)
  })
})

describe('shardRun', () => {
  it('is the run asked for until the table would need more shards than allowed, then doubles', () => {
    expect(shardRun(0, 500, 1024)).toBe(500)
    expect(shardRun(100_000, 500, 1024)).toBe(500)
    expect(shardRun(1_000_000, 500, 1024)).toBe(1000)
    expect(shardRun(3000, 4, 8)).toBe(512)
  })
})
