// Where a look-up table's shards begin after a change, worked out from where they began before and the keys
// that changed, without reading every key: reading a million ids and cutting them again took 0.2 s at
// 1,000,000 posts, and its garbage about as much, on every build that added or removed an article.
//
// The cut rule is shardStarts' (src/content/lookup-shards.ts), used here as it is: whether a key begins a
// shard depends on that key and on how far back the last shard began, nothing else. So the shards before the
// first changed key are the ones before; from the last of them the keys are cut again; and once a cut falls
// on a key that began a shard before, every cut after it is the one before, up to the next changed key.

import { shardStarts } from '../../content/lookup-shards.ts'

/** A shard: its first key and how many keys it holds. */
export interface Shard {
  first: string
  n: number
}

/**
 * The shards after a change. `before`: the shards before it, in key order. `changed`: every key added,
 * removed or changed in place, in key order. `run`: the mean run shardStarts is to cut (the caller checks
 * that the table's new size asks for the same). `keysFrom(key, limit)`: up to `limit` keys in order from
 * `key` on, or from the first key when `key` is null. Keys are compared with `<`, as shardOf does (every
 * key of the look-up tables is ASCII, where that is the index's order).
 */
export function recutShards(
  before: readonly Shard[],
  changed: readonly string[],
  run: number,
  keysFrom: (key: string | null, limit: number) => string[],
): Shard[] {
  const beganAt = new Map(before.map((shard, i) => [shard.first, i]))
  const shards: Shard[] = []
  // before[i] is the first shard not yet accounted for; it still begins a shard once `proven` (a cut made
  // again fell on it), or when no key before it changed.
  let i = 0
  let proven = false
  let d = 0
  while (d < changed.length) {
    const next = changed[d] as string
    let from: string | null = null
    const at = before[i]
    if (at && (proven || at.first < next)) {
      let b = i
      while (b + 1 < before.length && (before[b + 1] as Shard).first < next) b++
      for (let s = i; s < b; s++) shards.push(before[s] as Shard)
      from = (before[b] as Shard).first
    }
    // Cut the keys again from `from` until a cut falls where a shard began before (past the first key,
    // which begins a shard either way), or the keys run out.
    for (let limit = Math.max(64, run * 4); ; limit *= 2) {
      const keys = keysFrom(from, limit)
      const starts = shardStarts(keys, run)
      let again = -1
      for (let c = 1; c < starts.length; c++) {
        if (beganAt.has(keys[starts[c] as number] as string)) {
          again = c
          break
        }
      }
      const ranOut = keys.length < limit
      const end = again >= 0 ? again : ranOut ? starts.length : starts.length - 1
      for (let c = 0; c < end; c++) {
        const start = starts[c] as number
        shards.push({ first: keys[start] as string, n: (starts[c + 1] ?? keys.length) - start })
      }
      if (again >= 0) {
        const key = keys[starts[again] as number] as string
        i = beganAt.get(key) as number
        proven = true
        while (d < changed.length && (changed[d] as string) < key) d++
        break
      }
      if (ranOut) return shards
      // No former start in this window: go on from its last cut.
      from = keys[starts[starts.length - 1] as number] as string
    }
  }
  for (let s = i; s < before.length; s++) shards.push(before[s] as Shard)
  return shards
}
