// Look-up tables (article id → file, secid → security) are split into buckets so that a reader who opens
// one article or one tooltip downloads one small shard, not the whole table. Pipeline and app must agree
// on the bucket of a key, so the hash lives here.

/** FNV-1a over UTF-16 code units: tiny, stable, the same in Node and every browser. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/** fnv1a as eight hex digits: a short, stable name for a key. */
export function fnv1aHex(text: string): string {
  return fnv1a(text).toString(16).padStart(8, '0')
}

/** The bucket (0 … buckets-1) that holds `key`. */
export function bucketOf(key: string, buckets: number): number {
  if (buckets <= 0) return 0
  return fnv1a(key) % buckets
}

/**
 * How many buckets a table of `size` keys gets: a power of two that keeps each bucket near `perBucket`
 * keys, at least 1 and at most `max` (a power of two: the look-up index that names the shards stays small).
 */
export function bucketCount(size: number, perBucket = 500, max = 1024): number {
  let n = 1
  while (n < max && size / n > perBucket) n *= 2
  return n
}
