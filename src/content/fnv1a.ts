// FNV-1a: a tiny, stable hash, the same in Node and every browser, for names made from keys (ids.ts,
// site-paths.ts), where the look-up tables cut their shards (lookup-shards.ts) and which search shard holds
// a term (search-format.ts).

/** FNV-1a over UTF-16 code units. */
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
