// A look-up table's shards after a change, cut again only around the changed keys, must be the shards a
// cut of every key gives: otherwise a reader looking an article up opens a shard that does not hold it.
import { describe, expect, it } from 'vitest'
import { shardStarts } from '../../src/content/lookup-shards.ts'
import { recutShards, type Shard } from '../../src/pipeline/outputs/shard-cuts.ts'
import { Rng } from './support/archive-generator.ts'

/** Every key cut, as a clean build does. */
function cutEvery(keys: readonly string[], run: number): Shard[] {
  const starts = shardStarts(keys, run)
  return starts.map((start, s) => ({ first: keys[start] as string, n: (starts[s + 1] ?? keys.length) - start }))
}

/** Reads keys as the index does: from a key on (or the first), in order, up to a limit; counts the keys read. */
function reader(keys: readonly string[]): { keysFrom: (from: string | null, limit: number) => string[]; read: () => number } {
  let read = 0
  return {
    keysFrom(from, limit) {
      let i = 0
      if (from !== null) while (i < keys.length && (keys[i] as string) < from) i++
      const out = keys.slice(i, i + limit)
      read += out.length
      return out
    },
    read: () => read,
  }
}

const id = (n: number): string => `2022${String(n).padStart(14, '0')}`

/** The keys after `edits` (added and removed), and every key they touch, in order. */
function edit(keys: readonly string[], added: readonly string[], removed: readonly string[], inPlace: readonly string[] = []): { after: string[]; changed: string[] } {
  const gone = new Set(removed)
  const after = [...new Set([...keys.filter((k) => !gone.has(k)), ...added])].sort()
  return { after, changed: [...new Set([...added, ...removed, ...inPlace])].sort() }
}

describe('recutShards', () => {
  const run = 16
  const keys = Array.from({ length: 2_000 }, (_, i) => id(i * 10))
  const before = cutEvery(keys, run)

  it.each([
    ['a key added before the first', [id(0).replace(/^2022/, '2021')], []],
    ['the first key removed', [], [id(0)]],
    ["keys added after the last (a scraper's new posts)", Array.from({ length: 40 }, (_, i) => id(20_000 + i)), []],
    ['the last key removed', [], [id(19_990)]],
    ["a shard's first key removed", [], [before[5]?.first as string]],
    ['every key of a shard removed', [], keys.filter((k) => k >= (before[7] as Shard).first && k < (before[8] as Shard).first)],
    ['keys added in the middle', [id(10_001), id(10_002), id(10_003)], []],
    ['every key removed', [], keys],
  ])('cuts as a cut of every key does: %s', (_label, added, removed) => {
    const { after, changed } = edit(keys, added, removed)
    const { keysFrom } = reader(after)
    expect(recutShards(before, changed, run, keysFrom)).toEqual(cutEvery(after, run))
  })

  it('reads the keys around one change, not the table', () => {
    const { after, changed } = edit(keys, [id(10_001)], [])
    const { keysFrom, read } = reader(after)
    expect(recutShards(before, changed, run, keysFrom)).toEqual(cutEvery(after, run))
    expect(read()).toBeLessThan(keys.length / 10)
  })

  it('keeps every cut when a key changes in place', () => {
    const changedKey = before[3]?.first as string
    const { keysFrom } = reader(keys)
    expect(recutShards(before, [changedKey, keys[500] as string], run, keysFrom)).toEqual(before)
  })

  it('agrees with a cut of every key over seeded random edits', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = new Rng(seed)
      const size = rng.between(0, 600)
      const start = [...new Set(Array.from({ length: size }, () => id(rng.int(5_000))))].sort()
      const r = rng.pick([1, 2, 3, 8])
      const added = Array.from({ length: rng.between(0, 30) }, () => id(rng.int(5_200)))
      const removed = start.filter(() => rng.chance(rng.pick([0, 0.01, 0.2])))
      const inPlace = start.filter(() => rng.chance(0.01))
      const { after, changed } = edit(start, added, removed, inPlace)
      const { keysFrom } = reader(after)
      expect(recutShards(cutEvery(start, r), changed, r, keysFrom), `seed ${seed}`).toEqual(cutEvery(after, r))
    }
  })
})
