// Where the look-up tables' shards are cut (src/content/lookup-shards.ts), against the other rules tried:
// for 100,000 Eastmoney-like ids and a run of 400, the shards' sizes (what a reader downloads to open one
// article) and how many shards a change rewrites (500 newer ids, as a scraper's batch; one id removed, 200
// times), beside a hash of the key into a fixed number of buckets (the rule before).
//   npx tsx tests/bench/lookup-cuts.ts
import { fnv1a } from '../../src/content/fnv1a.ts'
import { keyHash, shardStarts } from '../../src/content/lookup-shards.ts'
import { compareIds } from '../../src/content/order.ts'

const RUN = 400
const COUNT = 100_000

/** Eastmoney-like ids in order: 18 digits from a date and a running number, and some NW ones. */
function ids(count: number, from = 0): string[] {
  const out: string[] = []
  for (let i = from; i < from + count; i++) out.push(i % 7 === 3 ? `NW2022${String(i).padStart(12, '0')}` : `2022${String(i).padStart(14, '0')}`)
  return out.sort(compareIds)
}

type Cut = (keys: readonly string[]) => string[][]

/** Content-defined runs: from `shortest` runs on, a key whose mixed hash is a multiple of the rest starts a shard; none over `longest`. */
function contentDefined(shortest: number, longest: number): Cut {
  return (keys) => {
    const min = Math.ceil(RUN * shortest)
    const window = Math.max(1, Math.round(RUN * (1 - shortest)))
    const max = Math.round(RUN * longest)
    const starts: number[] = []
    let last = 0
    keys.forEach((key, i) => {
      if (i === 0 || i - last >= max || (i - last >= min && keyHash(key) % window === 0)) {
        starts.push(i)
        last = i
      }
    })
    return starts.map((start, s) => keys.slice(start, starts[s + 1] ?? keys.length))
  }
}

/** The rule before: a power of two of buckets (about RUN keys each), a key in bucket fnv1a(key) mod buckets. */
const hashBuckets: Cut = (keys) => {
  let n = 1
  while (COUNT / n > RUN) n *= 2
  const shards = Array.from({ length: n }, (): string[] => [])
  for (const key of keys) shards[fnv1a(key) % n]?.push(key)
  return shards
}

const RULES: [string, Cut][] = [
  ['hash of the key into buckets (before)', hashBuckets],
  ['any key may start a shard, none over 4 runs', contentDefined(0, 4)],
  ['from 1/2 to 2 runs', contentDefined(0.5, 2)],
  ['from 3/4 to 5/4 runs', contentDefined(0.75, 1.25)],
  ['from 1/2 to 3/2 runs (lookup-shards.ts)', (keys) => {
    const starts = shardStarts(keys, RUN)
    return starts.map((start, s) => keys.slice(start, starts[s + 1] ?? keys.length))
  }],
]

const identity = (shard: readonly string[]): string => `${shard[0] ?? ''}:${shard.length}:${shard.at(-1) ?? ''}`
const keys = ids(COUNT)
const withNew = [...keys, ...ids(500, COUNT)].sort(compareIds)
console.log(`${COUNT.toLocaleString('en-US')} ids, a run of ${RUN}: shard sizes (keys), and the shards a change rewrites`)
for (const [name, cut] of RULES) {
  const shards = cut(keys)
  const before = new Set(shards.map(identity))
  const sizes = shards.map((shard) => shard.length).sort((a, b) => a - b)
  const rewritten = (after: string[][]): number => after.filter((shard) => !before.has(identity(shard))).length
  let removals = 0
  let worst = 0
  for (let t = 0; t < 200; t++) {
    const gone = keys[(t * 7919) % keys.length]
    const n = rewritten(cut(keys.filter((key) => key !== gone)))
    removals += n
    worst = Math.max(worst, n)
  }
  console.log(
    `  ${name.padEnd(44)} ${String(shards.length).padStart(4)} shards of ${sizes[0]} to ${sizes.at(-1)} (median ${sizes[sizes.length >> 1]}); ` +
      `500 newer ids rewrite ${rewritten(cut(withNew))}, one removal ${(removals / 200).toFixed(2)} (at most ${worst})`,
  )
}
