// An archive of any size made of the real corpus's posts (../shared/corpus, read in place, never copied
// into the project), as the measurements were made: post i is real post i mod 133 under a new date
// and a new id, so the text, the markup and the quirks (empty titles, broken dates, HK/US/board codes,
// K-line images) are the real ones, repeated. The archive grows by about 1,500 posts a day, a large
// scraper's pace, in order; posts from `count` on are newer than it (the scraper's next posts).
// Each round of 133 copies marks its titles with its number (an empty title stays empty): repeated as they
// are, the corpus's titles would recur eleven times a day in two categories, and the twin rule (same title,
// two categories, 48 hours) would join every copy of a story with sixty others. Marked, the corpus's twin
// pairs stay pairs, copy by copy.
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { writePostsInFlight, type GeneratedArchive, type GeneratedPost } from './generate-archive.ts'

const POSTS_PER_DAY = 1500
const START = Date.UTC(2022, 0, 1)

interface Source {
  name: string
  text: string
}

let loaded: { dir: string; posts: Source[] } | null = null

function sources(corpus: string): Source[] {
  if (loaded?.dir !== corpus) {
    const dir = join(corpus, '_posts')
    const posts = readdirSync(dir)
      .sort()
      .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
    if (posts.length === 0) throw new Error(`no posts in ${dir}`)
    loaded = { dir: corpus, posts }
  }
  return loaded.posts
}

const DATED_NAME = /^\d{4}-\d{2}-\d{2}-(.*)\.(md|markdown|html)$/
const DATE_LINE = /^date:[ \t]*\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(.*)$/m

/** Post `i` (from `count` on: newer than an archive of `count`). */
export function multipliedPost(corpus: string, i: number): GeneratedPost {
  const all = sources(corpus)
  const source = all[i % all.length] as Source
  // Beijing time, as the scraper writes it: the instant plus eight hours, printed as UTC.
  const t = new Date(START + Math.floor((i * 86_400_000) / POSTS_PER_DAY) + 8 * 3_600_000)
  const ymd = t.toISOString().slice(0, 10)
  const hms = t.toISOString().slice(11, 19)
  const digits = `${ymd.replace(/-/g, '')}${String(2200000000 + i).padStart(10, '0')}`
  const dated = DATED_NAME.exec(source.name)
  let file: string
  if (!dated) file = `${source.name.replace(/\.[^.]*$/, '')}-${i}.md`
  else if (/^\d{18}$/.test(dated[1] ?? '')) file = `${ymd}-${digits}.${dated[2]}`
  else if (/^NW\d{18}$/.test(dated[1] ?? '')) file = `${ymd}-NW${digits}.${dated[2]}`
  else file = `${ymd}-${dated[1]}-${i}.${dated[2]}`
  // A valid date moves with the copy (its zone, if any, kept); a broken one stays broken.
  const round = Math.floor(i / all.length)
  const text = source.text
    .replace(DATE_LINE, (_line, _seconds: string | undefined, rest: string) => `date: ${ymd} ${hms}${rest}`)
    .replace(/^title: "(.+)"$/m, (_line, title: string) => `title: "${title}（第${round}批）"`)
  return { file, text }
}

function writePosts(corpus: string, postsDir: string, from: number, to: number, names: string[] | null): Promise<void> {
  return writePostsInFlight(postsDir, from, to, (i) => multipliedPost(corpus, i), names)
}

/** Writes `count` posts to `<dir>/_posts`, and the corpus's category pages are used in place. */
export async function multiplyCorpus(corpus: string, dir: string, count: number): Promise<GeneratedArchive> {
  const postsDir = join(dir, '_posts')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(postsDir, { recursive: true })
  await writePosts(corpus, postsDir, 0, count, null)
  return { posts: postsDir, categories: join(corpus, 'category'), count }
}

/** Adds `n` posts newer than every post of an archive of `count` in `postsDir`. Returns their file names. */
export async function addNewerMultiplied(corpus: string, postsDir: string, count: number, n: number): Promise<string[]> {
  const names: string[] = []
  await writePosts(corpus, postsDir, count, count + n, names)
  return names
}
