// The search index's JSON files (the shards are binary, see search-format.ts). The manifest names the
// root; the root lists the segments, newest first; a segment's files are named from its key and hash.
//
//   search/root-<hash>.json                 SearchRootSchema
//   search/<segment>.<hash>.t<n>.bin        term shard n of a segment (search-format.ts)
//   search/<segment>.<hash>.d<k>.json       documents k·chunk … of a segment (SearchDocsSchema)
//
// A segment is the articles of one Beijing month, or of one day in the newest month (so new posts rewrite
// one small segment, and a month is written whole once it is over), or the undated articles. Within a
// segment documents are numbered newest first, so a result list stops early and a date range is a run of
// document numbers (`days`).
import * as v from 'valibot'
import { TwinLinkSchema } from './schema.ts'

const count = () => v.pipe(v.number(), v.integer(), v.minValue(0))
const positive = () => v.pipe(v.number(), v.integer(), v.minValue(1))

/** A segment key: `2026-11`, `2026-11-18` or `undated`. */
const SegmentKeySchema = v.pipe(v.string(), v.regex(/^(?:\d{4}-\d{2}(?:-\d{2})?|undated)$/))

export const SearchSegmentSchema = v.object({
  key: SegmentKeySchema,
  hash: v.pipe(v.string(), v.regex(/^[0-9a-f]{16}$/)),
  docs: positive(),
  /** Term shards, a power of two. */
  shards: positive(),
  /** Documents per documents file. */
  chunk: positive(),
  /** Each day of the segment with the number of its first (newest) document, newest day first. */
  days: v.array(v.tuple([v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)), count()])),
})
export type SearchSegment = v.InferOutput<typeof SearchSegmentSchema>

export const SearchRootSchema = v.object({
  /** Newest first; the undated segment last. */
  segments: v.array(SearchSegmentSchema),
  /** Documents in all segments: the articles. */
  docs: count(),
})
export type SearchRoot = v.InferOutput<typeof SearchRootSchema>

/**
 * One document: id, article file, date (null: undated), category, title, and for a story both writers
 * posted, its other copies and, on the copy that lists spanning writers leave out, a 1 (a result list shows
 * the story once, the same copy as those lists where it can, and names the others).
 */
export const SearchDocSchema = v.tuple([
  v.string(),
  v.pipe(v.string(), v.regex(/^articles\/[A-Za-z0-9._-]+\.json$/)),
  v.nullable(v.string()),
  v.string(),
  v.string(),
  v.optional(v.array(TwinLinkSchema)),
  v.optional(v.literal(1)),
])
export type SearchDoc = v.InferOutput<typeof SearchDocSchema>

export const SearchDocsSchema = v.object({ docs: v.array(SearchDocSchema) })
export type SearchDocs = v.InferOutput<typeof SearchDocsSchema>

export function shardFile(segment: Pick<SearchSegment, 'key' | 'hash'>, n: number): string {
  return `search/${segment.key}.${segment.hash}.t${n}.bin`
}

export function docsFile(segment: Pick<SearchSegment, 'key' | 'hash'>, k: number): string {
  return `search/${segment.key}.${segment.hash}.d${k}.json`
}

/** The segment a dated article is in, given the newest article's month (`YYYY-MM`). */
export function segmentOf(date: string | null, newestMonth: string | null): string {
  if (date === null) return 'undated'
  const month = date.slice(0, 7)
  return month === newestMonth ? date.slice(0, 10) : month
}
