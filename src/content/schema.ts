// The data contract between the pipeline (which writes these JSON files) and the app (which reads them).
// Every file the pipeline writes is checked against these schemas before it is written, and the app
// checks every response against them before it renders anything. Types are derived, never written twice.
import * as z from 'zod/mini'
import { MENTION_KINDS } from './mention-kinds.ts'
import { isSecid } from './secid.ts'

/** Bumped whenever a file's shape changes; the app refuses data of another version with a clear message. */
export const SCHEMA_VERSION = 1

/** The one file that is not content-addressed: the app reads it first and it names every other file. */
export const MANIFEST_FILE = 'manifest.json'

const count = () => z.int().check(z.nonnegative())
/** A path relative to the data folder, e.g. `pages/3f2a….json`. */
const DataPathSchema = z.string().check(z.regex(/^[a-z]+\/[A-Za-z0-9._-]+\.json$/))

export const SecidSchema = z.string().check(z.refine(isSecid, 'not a secid like 1.603138'))

/** An ISO 8601 time in Beijing time, e.g. 2022-03-09T19:54:03+08:00. */
export const BeijingTimeSchema = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/))

export const MentionKindSchema = z.enum(MENTION_KINDS)

/** One security an article refers to, in order of first appearance. */
export const MentionSchema = z.object({
  secid: SecidSchema,
  market: z.int(),
  code: z.string().check(z.minLength(1)),
  /** The name as the article writes it (海量数据, 蔚来); the code when the article never names it. */
  name: z.string().check(z.minLength(1)),
  kind: MentionKindSchema,
  exchange: z.nullable(z.string()),
  /** How many times the article mentions it. */
  count: z.int().check(z.positive()),
})
export type Mention = z.infer<typeof MentionSchema>

/** What a feed item needs to show a stock chip. */
export const MentionChipSchema = z.object({ secid: SecidSchema, name: z.string() })
export type MentionChip = z.infer<typeof MentionChipSchema>

export const ImageSchema = z.object({
  src: z.string(),
  alt: z.string(),
  width: z.nullable(z.int().check(z.positive())),
  height: z.nullable(z.int().check(z.positive())),
})
export type Image = z.infer<typeof ImageSchema>

/** What the pipeline had to make up for a post it salvaged; the app can say so. */
export const ARTICLE_FLAGS = ['title-from-summary', 'title-from-body', 'date-from-filename', 'date-missing'] as const
export const ArticleFlagSchema = z.enum(ARTICLE_FLAGS)
export type ArticleFlag = z.infer<typeof ArticleFlagSchema>

/** An article as a feed lists it. */
export const FeedItemSchema = z.object({
  id: z.string().check(z.minLength(1)),
  title: z.string().check(z.minLength(1)),
  date: z.nullable(BeijingTimeSchema),
  category: z.string(),
  tags: z.array(z.string()),
  summary: z.nullable(z.string()),
  source: z.nullable(z.string()),
  /** Up to three stock chips, in order of first appearance. */
  chips: z.array(MentionChipSchema),
  mentionCount: count(),
  flags: z.array(ArticleFlagSchema),
  /** The article's own file. */
  path: DataPathSchema,
})
export type FeedItem = z.infer<typeof FeedItemSchema>

export const ArticleLinkSchema = z.object({ id: z.string(), title: z.string() })
export type ArticleLink = z.infer<typeof ArticleLinkSchema>

export const ArticleSchema = z.object({
  ...FeedItemSchema.shape,
  /** Clean HTML; mentions are `<a data-secid href>` elements. The app sanitizes it again when it renders. */
  bodyHtml: z.string(),
  sourceUrl: z.nullable(z.string()),
  mentions: z.array(MentionSchema),
  images: z.array(ImageSchema),
  /** Characters of readable text in the body. */
  textLength: count(),
  /** Older and newer neighbours in the same category. */
  older: z.nullable(ArticleLinkSchema),
  newer: z.nullable(ArticleLinkSchema),
  /** The input file, relative to the _posts/ folder. */
  file: z.string(),
})
export type Article = z.infer<typeof ArticleSchema>

/** How to read a feed: its length and its newest page. Pages link to the next older page. */
export const FeedRefSchema = z.object({
  count: count(),
  head: z.nullable(DataPathSchema),
})
export type FeedRef = z.infer<typeof FeedRefSchema>

export const TagCountSchema = z.object({ name: z.string(), count: count() })
export type TagCount = z.infer<typeof TagCountSchema>

export const FeedPageSchema = z.object({
  /** Newest first. */
  items: z.array(FeedItemSchema),
  /** The next older page, or null on the last page. */
  next: z.nullable(DataPathSchema),
  /** On a feed's newest page only: the tags in this feed, most used first, for its tag filter. */
  tags: z.nullable(z.array(TagCountSchema)),
})
export type FeedPage = z.infer<typeof FeedPageSchema>

export const CategorySchema = z.object({
  slug: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1)),
  count: count(),
  feed: FeedRefSchema,
})
export type Category = z.infer<typeof CategorySchema>

export const TagSchema = z.object({
  name: z.string().check(z.minLength(1)),
  count: count(),
  feed: FeedRefSchema,
})
export type Tag = z.infer<typeof TagSchema>

export const ManifestSchema = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  /** The time of the newest input (or SOURCE_DATE_EPOCH), so the same input gives byte-identical output. */
  builtAt: z.string(),
  counts: z.object({ articles: count(), categories: count(), tags: count(), securities: count() }),
  latest: z.nullable(z.object({ id: z.string(), date: z.nullable(BeijingTimeSchema) })),
  /** Every article, newest first. */
  feed: FeedRefSchema,
  home: DataPathSchema,
  categories: z.array(CategorySchema),
  tags: z.array(TagSchema),
  /**
   * The index of the sharded look-up tables (LookupIndexSchema). Kept out of the manifest: its hashes do
   * not compress, the manifest is re-read every minute, and the first screen of a feed never needs them.
   */
  lookups: DataPathSchema,
})
export type Manifest = z.infer<typeof ManifestSchema>

/** The home page: for each tag, its count and five newest articles. */
export const HomeSchema = z.object({
  tags: z.array(z.object({ name: z.string(), count: count(), items: z.array(FeedItemSchema) })),
})
export type Home = z.infer<typeof HomeSchema>

/** The look-up tables' shards: shard i holds the keys whose `bucketOf(key, n)` is i. */
export const LookupIndexSchema = z.object({ articles: z.array(DataPathSchema), securities: z.array(DataPathSchema) })
export type LookupIndex = z.infer<typeof LookupIndexSchema>

/** Article id to the article's file. */
export const ArticleLookupSchema = z.record(z.string(), DataPathSchema)
export type ArticleLookup = z.infer<typeof ArticleLookupSchema>

export const HeadlineSchema = z.object({ id: z.string(), title: z.string(), date: z.nullable(BeijingTimeSchema) })
export type Headline = z.infer<typeof HeadlineSchema>

/** Everything the archive knows about one security, for its tooltip card and its stock page. */
export const SecuritySchema = z.object({
  secid: SecidSchema,
  market: z.int(),
  code: z.string(),
  name: z.string(),
  kind: MentionKindSchema,
  exchange: z.nullable(z.string()),
  /** Articles that mention it. */
  count: count(),
  /** Its three newest headlines. */
  headlines: z.array(HeadlineSchema),
  feed: FeedRefSchema,
})
export type Security = z.infer<typeof SecuritySchema>

export const SecurityLookupSchema = z.record(z.string(), SecuritySchema)
export type SecurityLookup = z.infer<typeof SecurityLookupSchema>
