// The data contract between the pipeline (which writes these JSON files) and the app (which reads them).
// The pipeline checks what it writes against these schemas (an article, and the feed item it shares,
// before its path and neighbours are filled in; every other file as written), and the app checks every
// response against them before it renders anything. Types are derived, never written twice. The look-up
// files' schemas are in lookup-schema.ts, which the reader loads only when it looks a key up.
// Valibot rather than zod: the same checks at a third of the weight in every route's first load.
import * as v from 'valibot'
import { MENTION_KINDS } from './mention-kinds.ts'
import { isSecid } from './secid.ts'

/** Bumped whenever a file's shape changes; the app refuses data of another version with a clear message. */
export const SCHEMA_VERSION = 5

/** The one file that is not content-addressed: the app reads it first and it names every other file. */
export const MANIFEST_FILE = 'manifest.json'

/** A schema with the two ways this code base uses one: `parse` throws, `safeParse` reports. */
export type Contract<S extends v.GenericSchema> = S & {
  parse(input: unknown): v.InferOutput<S>
  safeParse(input: unknown): { success: true; data: v.InferOutput<S> } | { success: false; error: v.ValiError<S> }
}

/** Anything that can check unknown data into a T, as fetchers take it. */
export interface Parser<T> {
  safeParse(input: unknown): { success: true; data: T } | { success: false; error: unknown }
}

export function contract<S extends v.GenericSchema>(schema: S): Contract<S> {
  return Object.assign(schema, {
    parse: (input: unknown): v.InferOutput<S> => v.parse(schema, input),
    safeParse: (input: unknown) => {
      const result = v.safeParse(schema, input)
      return result.success ? { success: true as const, data: result.output } : { success: false as const, error: new v.ValiError(result.issues) }
    },
  })
}

export const int = () => v.pipe(v.number(), v.integer())
export const count = () => v.pipe(v.number(), v.integer(), v.minValue(0))
export const text = () => v.string()
export const nonEmpty = () => v.pipe(v.string(), v.minLength(1))
/** A path relative to the data folder, e.g. `pages/3f2a….json`. */
export const DataPathSchema = v.pipe(v.string(), v.regex(/^[a-z]+\/[A-Za-z0-9._-]+\.json$/))

export const SecidSchema = contract(v.pipe(v.string(), v.check(isSecid, 'not a secid like 1.603138')))

/** An ISO 8601 time in Beijing time, e.g. 2022-03-09T19:54:03+08:00. */
export const BeijingTimeSchema = contract(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/)))

/** A Beijing calendar day, 2022-05-30. */
export const BeijingDaySchema = v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/))

export const MentionKindSchema = contract(v.picklist(MENTION_KINDS))

/** One security an article refers to, in order of first appearance. */
export const MentionSchema = contract(v.object({
  secid: SecidSchema,
  market: int(),
  code: nonEmpty(),
  /** The name as the article writes it (海量数据, 蔚来); the code when the article never names it. */
  name: nonEmpty(),
  kind: MentionKindSchema,
  exchange: v.nullable(text()),
  /** How many times the article mentions it. */
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
}))
export type Mention = v.InferOutput<typeof MentionSchema>

/** What a feed item needs to show a stock chip. */
export const MentionChipSchema = contract(v.object({ secid: SecidSchema, name: text() }))
export type MentionChip = v.InferOutput<typeof MentionChipSchema>

export const ImageSchema = contract(v.object({
  src: text(),
  alt: text(),
  width: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
  height: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
}))
export type Image = v.InferOutput<typeof ImageSchema>

/** What the pipeline had to make up for a post it salvaged; the app can say so. */
export const ARTICLE_FLAGS = ['title-from-summary', 'title-from-body', 'date-from-filename', 'date-missing'] as const
export const ArticleFlagSchema = contract(v.picklist(ARTICLE_FLAGS))
export type ArticleFlag = v.InferOutput<typeof ArticleFlagSchema>

/** Another copy of the same story, under another writer: its id and category slug. */
export const TwinLinkSchema = contract(v.object({ id: nonEmpty(), category: text() }))
export type TwinLink = v.InferOutput<typeof TwinLinkSchema>

/** An article as a feed lists it. */
export const FeedItemSchema = contract(v.object({
  id: nonEmpty(),
  title: nonEmpty(),
  date: v.nullable(BeijingTimeSchema),
  category: text(),
  tags: v.array(text()),
  summary: v.nullable(text()),
  source: v.nullable(text()),
  /** Up to three stock chips, in order of first appearance. */
  chips: v.array(MentionChipSchema),
  mentionCount: count(),
  flags: v.array(ArticleFlagSchema),
  /** The article's own file. */
  path: DataPathSchema,
  /** The same story's other copies under other writers (同时见于), the copy lists spanning writers show first. */
  twins: v.optional(v.array(TwinLinkSchema)),
}))
export type FeedItem = v.InferOutput<typeof FeedItemSchema>

export const ArticleLinkSchema = contract(v.object({ id: text(), title: text() }))
export type ArticleLink = v.InferOutput<typeof ArticleLinkSchema>

export const ArticleSchema = contract(v.object({
  ...FeedItemSchema.entries,
  /** Clean HTML; mentions are `<a data-secid href>` elements. The app sanitizes it again when it renders. */
  bodyHtml: text(),
  sourceUrl: v.nullable(text()),
  mentions: v.array(MentionSchema),
  images: v.array(ImageSchema),
  /** Characters of readable text in the body. */
  textLength: count(),
  /** For search results and link previews: the summary, else the body's first sentence; null without text. */
  description: v.nullable(text()),
  /** The input file, relative to the _posts/ folder. */
  file: text(),
}))
export type Article = v.InferOutput<typeof ArticleSchema>

/**
 * How to read a feed: its length and its newest page. The newest page names the newest list of the older
 * pages, which names every older list (see PageListSchema).
 */
export const FeedRefSchema = contract(v.object({
  count: count(),
  head: v.nullable(DataPathSchema),
}))
export type FeedRef = v.InferOutput<typeof FeedRefSchema>

export const TagCountSchema = contract(v.object({ name: text(), count: count() }))
export type TagCount = v.InferOutput<typeof TagCountSchema>

export const FeedPageSchema = contract(v.object({
  /** Newest first. */
  items: v.array(FeedItemSchema),
  /** On a feed's newest page only: the list of the feed's older pages; null when there are none. */
  older: v.nullable(DataPathSchema),
  /** On a feed's newest page only: the tags in this feed, most used first, for its tag filter. */
  tags: v.nullable(v.array(TagCountSchema)),
  /**
   * On a feed's newest page only: its years, newest first, each [newest day, oldest day, day file] (the
   * jump to a date, src/content/day-index.ts); absent in data written before it.
   */
  days: v.optional(v.array(v.tuple([BeijingDaySchema, BeijingDaySchema, DataPathSchema]))),
}))
export type FeedPage = v.InferOutput<typeof FeedPageSchema>

/**
 * Older pages of a feed, newest first, at most a hundred. Neither pages nor lists name each other, but the
 * newest list names every older list: an edit to an old article renames its page, the list that holds
 * it, the newest list and the newest page, never the pages or lists between.
 */
export const PageListSchema = contract(v.object({
  pages: v.pipe(v.array(DataPathSchema), v.minLength(1)),
  /** On a feed's newest list only: every older list, newest first (absent: none, or not the newest). */
  lists: v.optional(v.array(DataPathSchema)),
}))
export type PageList = v.InferOutput<typeof PageListSchema>

export const CategorySchema = contract(v.object({
  slug: nonEmpty(),
  name: nonEmpty(),
  count: count(),
  feed: FeedRefSchema,
  /** The category's 热门 (CategoryHotSchema in market.ts); absent when none, or in older data. */
  hot: v.optional(DataPathSchema),
}))
export type Category = v.InferOutput<typeof CategorySchema>

export const TagSchema = contract(v.object({
  name: nonEmpty(),
  count: count(),
  feed: FeedRefSchema,
}))
export type Tag = v.InferOutput<typeof TagSchema>

export const ManifestSchema = contract(v.object({
  schemaVersion: v.literal(SCHEMA_VERSION),
  /** The time of the newest input (or SOURCE_DATE_EPOCH), so the same input gives byte-identical output. */
  builtAt: text(),
  counts: v.object({ articles: count(), categories: count(), tags: count(), securities: count() }),
  latest: v.nullable(v.object({ id: text(), date: v.nullable(BeijingTimeSchema) })),
  /** Every article, newest first. */
  feed: FeedRefSchema,
  home: DataPathSchema,
  /** 热门 (HotSchema in market.ts); absent in data written before the market view. */
  market: v.optional(DataPathSchema),
  categories: v.array(CategorySchema),
  tags: v.array(TagSchema),
  /**
   * The index of the sharded look-up tables (LookupIndexSchema). Kept out of the manifest: its hashes do
   * not compress, the manifest is re-read every minute, and the first screen of a feed never needs them.
   */
  lookups: DataPathSchema,
  /** The search index's root (src/content/search.ts); absent in data written before search, or built with --no-search. */
  search: v.optional(DataPathSchema),
}))
export type Manifest = v.InferOutput<typeof ManifestSchema>

/** The home page: for each tag, its count and five newest articles. */
export const HomeSchema = contract(v.object({
  tags: v.array(v.object({ name: text(), count: count(), items: v.array(FeedItemSchema) })),
}))
export type Home = v.InferOutput<typeof HomeSchema>

