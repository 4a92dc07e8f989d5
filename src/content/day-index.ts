// Jump to a date: for each feed, where each Beijing day with articles starts (its newest article), so a
// reader reaches any day in two requests after the feed's newest page: the year's day file, then the page
// (with the page list that names it, read beside it, for the older pages). The newest page names the year
// files (`days`), newest first; a day file lists the days of one year that have articles, newest first.
import * as v from 'valibot'
import { BeijingDaySchema as DaySchema, contract, DataPathSchema } from './schema.ts'

/**
 * One year of a feed, as its newest page names it (`days` in FeedPageSchema, written there to keep the
 * schemas free of import cycles): its newest and oldest day with articles and the file listing its days.
 */
export type DayYear = [newest: string, oldest: string, file: string]

/**
 * A day and where its newest article is: the page that holds it, the page list naming that page and the
 * page's place in that list (newest first), so the pages older than it are the rest of that list and
 * then its `next` lists. All three null: the article is on the feed's newest page.
 */
export const DayEntrySchema = v.union([
  v.tuple([DaySchema, DataPathSchema, DataPathSchema, v.pipe(v.number(), v.integer(), v.minValue(0))]),
  v.tuple([DaySchema, v.null(), v.null(), v.null()]),
])
export type DayEntry = v.InferOutput<typeof DayEntrySchema>

/** A year's day file: every day of that year with articles in the feed, newest first. */
export const DayFileSchema = contract(v.object({ days: v.array(DayEntrySchema) }))
export type DayFile = v.InferOutput<typeof DayFileSchema>
