// Where the look-up tables (article id → its file and neighbours, secid → what the archive knows) are cut
// into shards, so that a reader who opens one article or one stock card downloads one small shard, not the
// whole table. Pipeline and app must agree on it, so it lives here.
//
// A shard is a run of keys in id order (compareIds, which is also the order of SQLite's index), and the keys
// themselves decide where a run ends (content-defined, as backup tools cut files into chunks): a key whose
// hash is a multiple of a number starts a new shard. A key added or removed changes the shard it falls in
// (and may split it or join it to the next), not the shards far from it. A scraper's new posts, whose ids
// sort together, so rewrite the last shard or two; with a hash of the key into a fixed number of buckets,
// 500 new ids rewrote nearly every shard (README, Speed).
import { fnv1a } from './fnv1a.ts'

/** fnv1a's bits mixed (murmur3's finalizer): its low bits depend on the low bits of each character only. */
export function keyHash(key: string): number {
  let h = fnv1a(key)
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/**
 * The mean run length for a table of `size` keys: `perShard`, doubled until the table has at most about
 * `maxShards` shards (which keeps the look-up index, a line per shard, small).
 */
export function shardRun(size: number, perShard: number, maxShards: number): number {
  let run = Math.max(1, perShard)
  while (size / run > maxShards) run *= 2
  return run
}

/**
 * The index in `keys` (sorted by compareIds) of each shard's first key, for shards of about `run` keys:
 * from half a run (the last shard may be shorter) to a run and a half. Past its first half run, a key whose
 * hash is a multiple of half a run starts the next shard, so a shard's end depends on the keys near it, and
 * a change moves the cuts around it only. Measured on 100,000 ids and a run of 400
 * (tests/bench/lookup-cuts.ts): with any key able to start a shard, shards held 3 to 1,600 keys; with these
 * bounds 200 to 600, and 500 newer ids wrote 4 of 284 shards anew (186 of 256 with a hash of the key into
 * buckets, the rule before), one id removed 1.2 on average. Tighter bounds (300 to 500) wrote 7 anew.
 */
export function shardStarts(keys: readonly string[], run: number): number[] {
  const shortest = Math.max(1, Math.ceil(run / 2))
  const longest = Math.max(1, Math.round((run * 3) / 2))
  const starts: number[] = []
  let last = 0
  for (let i = 0; i < keys.length; i++) {
    const since = i - last
    if (i === 0 || since >= longest || (since >= shortest && keyHash(keys[i] as string) % shortest === 0)) {
      starts.push(i)
      last = i
    }
  }
  return starts
}

/**
 * The shard that holds `key`, given each shard's first key in order: the last one not after it (0 for a
 * key before them all, which no shard holds); -1 when there are no shards. Every key of both tables is
 * ASCII (article ids by the id rule in ids.ts, secids by secid.ts), where compareIds' order is the order
 * `<` gives; a key that is not ASCII is in no shard, whichever one it opens. So this compares with `<`, and
 * the reader's first load carries none of the order's code (0.2 kB gzipped more with compareIds).
 */
export function shardOf(shards: readonly (readonly [string, ...unknown[]])[], key: string): number {
  let low = 0
  let high = shards.length - 1
  if (high < 0) return -1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if ((shards[mid] as readonly [string])[0] <= key) low = mid
    else high = mid - 1
  }
  return low
}
