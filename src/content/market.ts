// The market view's files (src/pipeline/outputs/market/): a security's history (stories per Beijing day,
// the securities mentioned with it) and 热门 (the securities mentioned most in the archive's last 24 hours,
// and in each category's).
// A story posted by both writers (twins) counts once everywhere, as stock pages list it once.
import * as v from 'valibot'
import { BeijingTimeSchema, contract, SecidSchema } from './schema.ts'

const count = () => v.pipe(v.number(), v.integer(), v.minValue(0))
/** A Beijing calendar day, 2022-05-30. */
export const DaySchema = contract(v.pipe(v.string(), v.regex(/^\d{4}-\d{2}-\d{2}$/)))

/** One security's history; named by the security's look-up entry (`history`). */
export const SecurityHistorySchema = contract(v.object({
  secid: SecidSchema,
  /** [day, stories that day], oldest first, days without any left out; the newest days only (see sizes). */
  days: v.array(v.tuple([DaySchema, v.pipe(v.number(), v.integer(), v.minValue(1))])),
  /** Stories without a date (in no day). */
  undated: count(),
  /** [secid, stories mentioning both], most first, then by secid; the first few dozen only. */
  with: v.array(v.tuple([SecidSchema, v.pipe(v.number(), v.integer(), v.minValue(1))])),
}))
export type SecurityHistory = v.InferOutput<typeof SecurityHistorySchema>

/** How many days a 热门 sparkline covers, ending with the day of the newest article (archive's or category's). */
export const SPARK_DAYS = 30

export const HotSecuritySchema = contract(v.object({
  secid: SecidSchema,
  name: v.string(),
  /** Stories in the 24 hours up to the newest article (of the archive, or of the category). */
  count: v.pipe(v.number(), v.integer(), v.minValue(1)),
  /** Stories per day over the SPARK_DAYS days up to that article's day, oldest first. */
  spark: v.pipe(v.array(count()), v.length(SPARK_DAYS)),
}))
export type HotSecurity = v.InferOutput<typeof HotSecuritySchema>

/** 热门 of the whole archive; named by the manifest (`market`). */
export const HotSchema = contract(v.object({
  /** The newest article's time, where the 24 hours end (not the clock: an archive may be old). */
  until: v.nullable(BeijingTimeSchema),
  all: v.array(HotSecuritySchema),
}))
export type Hot = v.InferOutput<typeof HotSchema>

/**
 * 热门 of one category: the 24 hours up to that category's newest dated article (a column that posts once a
 * week still has one), counting the category's own copies (its feed lists every copy of a story it has).
 * Named by the category's manifest entry (`hot`), which has none when nothing was mentioned in those hours.
 */
export const CategoryHotSchema = contract(v.object({
  slug: v.pipe(v.string(), v.minLength(1)),
  until: BeijingTimeSchema,
  items: v.pipe(v.array(HotSecuritySchema), v.minLength(1)),
}))
export type CategoryHot = v.InferOutput<typeof CategoryHotSchema>
