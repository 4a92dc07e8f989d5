// Which articles each feed holds: every category, tag and security, newest first. A process that builds
// again and again (the dev server) regroups only the keys that the posts added, changed or removed since
// its last build touch: every other group stays the very same array, which tells the feed writer, and
// everything else derived from a group, that it has not changed.
import { timeValue } from '../../content/beijing-time.ts'
import type { FeedItem, Mention } from '../../content/schema.ts'
import type { PostRecord } from './article-files.ts'

export interface SecurityGroup {
  items: FeedItem[]
  /** Each article's mention of the security, beside its item (its name as written there). */
  mentions: Mention[]
}

export interface FeedGroups {
  categories: Map<string, FeedItem[]>
  tags: Map<string, FeedItem[]>
  securities: Map<string, SecurityGroup>
}

export interface Grouped {
  /** Newest first, and each post's feed item at the same index. */
  posts: readonly PostRecord[]
  items: readonly FeedItem[]
  groups: FeedGroups
  /** The ids of the articles added, changed or removed since the grouping this one was made from; null when made afresh. */
  touched: ReadonlySet<string> | null
}

/** Beyond this many changed articles, grouping everything again is as quick. */
const MAX_REGROUPED = 200

/** Appends `value` to the list under `key`. */
export function push<K, V>(groups: Map<K, V[]>, key: K, value: V): void {
  const list = groups.get(key)
  if (list) list.push(value)
  else groups.set(key, [value])
}

function groupAfresh(posts: readonly PostRecord[], items: readonly FeedItem[]): FeedGroups {
  const groups: FeedGroups = { categories: new Map(), tags: new Map(), securities: new Map() }
  posts.forEach((post, i) => {
    const item = items[i] as FeedItem
    push(groups.categories, item.category, item)
    for (const tag of item.tags) push(groups.tags, tag, item)
    for (const mention of post.mentions) {
      const group = groups.securities.get(mention.secid)
      if (group) {
        group.items.push(item)
        group.mentions.push(mention)
      } else groups.securities.set(mention.secid, { items: [item], mentions: [mention] })
    }
  })
  return groups
}

/**
 * The order of every list: newest first, undated posts last, ties by id (never the file system's order);
 * a total order, since ids are unique. Takes each side's time (timeValue of its date) so that a caller
 * sorting many can parse each date once.
 */
export function newerFirst(a: { date: string | null; id: string }, aTime: number, b: { date: string | null; id: string }, bTime: number): number {
  if (aTime !== bTime) return aTime < bTime ? 1 : -1
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0
}

/**
 * What left `before` and what joined `now`, as indices into each, found by walking the two lists (both in
 * `order`) side by side and matching the very same objects; null once more than `max` differ. An entry out
 * of place in either list is reported on both sides.
 */
export function sideBySide<T>(before: readonly T[], now: readonly T[], order: (a: T, b: T) => number, max: number): { gone: number[]; came: number[] } | null {
  const gone: number[] = []
  const came: number[] = []
  let i = 0
  let j = 0
  while (i < before.length || j < now.length) {
    const b = before[i]
    const a = now[j]
    if (b !== undefined && b === a) {
      i++
      j++
      continue
    }
    if (gone.length + came.length > max) return null
    const side = b === undefined ? -1 : a === undefined ? 1 : order(a, b)
    if (side <= 0) came.push(j++)
    if (side >= 0) gone.push(i++)
  }
  return { gone, came }
}

const byNewest = (a: FeedItem, b: FeedItem): number => newerFirst(a, timeValue(a.date), b, timeValue(b.date))

/** Sets the group, or drops the key when nothing is left in it. */
function replace<V>(groups: Map<string, V>, key: string, group: V, size: number): void {
  if (size > 0) groups.set(key, group)
  else groups.delete(key)
}

/** The groups of `posts` (with their `items`), made from `last` where only a few articles changed since. */
export function groupFeeds(posts: readonly PostRecord[], items: readonly FeedItem[], last: Grouped | null): Grouped {
  const diff = last ? sideBySide(last.items, items, byNewest, MAX_REGROUPED) : null
  if (!last || !diff) return { posts, items, groups: groupAfresh(posts, items), touched: null }

  const categories = new Set<string>()
  const tags = new Set<string>()
  const secids = new Set<string>()
  const touched = new Set<string>()
  const touch = (post: PostRecord | undefined, item: FeedItem | undefined): void => {
    if (!post || !item) return
    touched.add(item.id)
    categories.add(item.category)
    for (const tag of item.tags) tags.add(tag)
    for (const m of post.mentions) secids.add(m.secid)
  }
  for (const i of diff.gone) touch(last.posts[i], last.items[i])
  for (const j of diff.came) touch(posts[j], items[j])

  const groups: FeedGroups = {
    categories: new Map(last.groups.categories),
    tags: new Map(last.groups.tags),
    securities: new Map(last.groups.securities),
  }
  for (const slug of categories) {
    const group = items.filter((item) => item.category === slug)
    replace(groups.categories, slug, group, group.length)
  }
  for (const tag of tags) {
    const group = items.filter((item) => item.tags.includes(tag))
    replace(groups.tags, tag, group, group.length)
  }
  // A security's group is patched, not found again among all posts: most securities appear in few of them.
  const gone = new Set(diff.gone.map((i) => last.items[i]))
  const came = diff.came.map((j) => ({ post: posts[j] as PostRecord, item: items[j] as FeedItem }))
  for (const secid of secids) {
    const joining: SecurityEntry[] = []
    for (const { post, item } of came) {
      const mention = post.mentions.find((m) => m.secid === secid)
      if (mention) joining.push({ item, mention })
    }
    const before = last.groups.securities.get(secid)
    const entries = patched(before?.items.map((item, i) => ({ item, mention: before.mentions[i] as Mention })) ?? [], gone, joining)
    const group: SecurityGroup = { items: entries.map((e) => e.item), mentions: entries.map((e) => e.mention) }
    replace(groups.securities, secid, group, group.items.length)
  }
  return { posts, items, groups, touched }
}

interface SecurityEntry {
  item: FeedItem
  mention: Mention
}

/**
 * `before` (newest first) without the articles that left, with `joining` (newest first) merged in: the
 * order a fresh grouping gives, since the order is total.
 */
function patched(before: readonly SecurityEntry[], gone: ReadonlySet<FeedItem | undefined>, joining: readonly SecurityEntry[]): SecurityEntry[] {
  const out: SecurityEntry[] = []
  let k = 0
  for (const entry of before) {
    if (gone.has(entry.item)) continue
    if (k < joining.length) {
      const time = timeValue(entry.item.date)
      for (let next = joining[k]; next !== undefined && newerFirst(next.item, timeValue(next.item.date), entry.item, time) < 0; next = joining[++k]) out.push(next)
    }
    out.push(entry)
  }
  for (; k < joining.length; k++) out.push(joining[k] as SecurityEntry)
  return out
}
