// The data contract's look-up files: the look-up index, an article's entry and a shard of them, a security
// and a shard of them (schema.ts has the rest, and the rules they share). Apart from schema.ts, whose every
// schema travels in the entry's file, since the reader needs these only once it looks a key up: a feed names
// its articles' files, so a feed page's first load goes without them (lib/lookup-shard.ts).
import * as v from 'valibot'
import { ArticleLinkSchema, BeijingTimeSchema, contract, count, DataPathSchema, FeedRefSchema, int, MentionKindSchema, nonEmpty, SecidSchema, text, TwinLinkSchema } from './schema.ts'

/**
 * The look-up tables' shards, each as [its first key, its file], in key order: a key is in the last shard
 * whose first key is not after it (`shardOf` in lookup-shards.ts).
 */
const ShardListSchema = v.array(v.tuple([nonEmpty(), DataPathSchema]))
export const LookupIndexSchema = contract(v.object({ articles: ShardListSchema, securities: ShardListSchema }))
export type LookupIndex = v.InferOutput<typeof LookupIndexSchema>

/**
 * Where an article is and what is beside it. The neighbours live here, not in the article file, so that the
 * article file depends on its post alone and a new post never rewrites an old article.
 */
export const ArticleEntrySchema = contract(v.object({
  path: DataPathSchema,
  /** Older and newer neighbours in the same category. */
  older: v.nullable(ArticleLinkSchema),
  newer: v.nullable(ArticleLinkSchema),
  /** The same story's other copies (as on its feed item), for the article page's 同时见于. */
  twins: v.optional(v.array(TwinLinkSchema)),
}))
export type ArticleEntry = v.InferOutput<typeof ArticleEntrySchema>

/**
 * One shard of the article table: [id, entry] pairs in id order. Pairs, not an object, so that any id is a
 * key (`__proto__`, `constructor`, `toString` among them); the reader turns a shard into a Map.
 */
export const ArticleLookupSchema = contract(v.array(v.tuple([nonEmpty(), ArticleEntrySchema])))
export type ArticleLookup = v.InferOutput<typeof ArticleLookupSchema>

export const HeadlineSchema = contract(v.object({ id: text(), title: text(), date: v.nullable(BeijingTimeSchema) }))
export type Headline = v.InferOutput<typeof HeadlineSchema>

/** Everything the archive knows about one security, for its tooltip card and its stock page. */
export const SecuritySchema = contract(v.object({
  secid: SecidSchema,
  market: int(),
  code: text(),
  name: text(),
  kind: MentionKindSchema,
  exchange: v.nullable(text()),
  /** Articles that mention it. */
  count: count(),
  /** Its three newest headlines. */
  headlines: v.array(HeadlineSchema),
  feed: FeedRefSchema,
  /** Its stories per day and the securities mentioned with it (SecurityHistorySchema in market.ts). */
  history: v.optional(DataPathSchema),
}))
export type Security = v.InferOutput<typeof SecuritySchema>

/** One shard of the security table, in secid order (an array for the reason ArticleLookupSchema is one). */
export const SecurityLookupSchema = contract(v.array(SecuritySchema))
export type SecurityLookup = v.InferOutput<typeof SecurityLookupSchema>
