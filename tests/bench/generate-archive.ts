// Generates a Jekyll `_posts/` archive of any size, modelled on the real one: about half Eastmoney rolling
// news (`emnews`, summary line, stock markup, source link), half media columns across 40 pinyin
// categories; early summary-only posts; K-line images, photos, boards, HK and US codes; a few broken posts.
// The text is random Chinese from a fixed alphabet: the shape is real, the words are not. Each post is
// written as soon as it is made (a million posts never sit in memory) and is the same whatever the size.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** A small seeded PRNG (mulberry32), so the same size always yields the same archive. */
function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const HANZI = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严'
const PUNCT = ['，', '，', '，', '。', '、', '；']

const MEDIA = Array.from({ length: 40 }, (_, i) => ({
  slug: `meiti${String(i).padStart(2, '0')}`,
  name: `示例媒体${i}`,
}))

interface Security {
  market: number
  code: string
  name: string
  board: boolean
}

function securities(random: () => number): Security[] {
  const list: Security[] = []
  const name = (): string => words(random, 2 + Math.floor(random() * 3))
  for (let i = 0; i < 1500; i++) list.push({ market: 1, code: String(600000 + Math.floor(random() * 5000)), name: name(), board: false })
  for (let i = 0; i < 1500; i++) list.push({ market: 0, code: String(1 + Math.floor(random() * 3000)).padStart(6, '0'), name: name(), board: false })
  for (let i = 0; i < 600; i++) list.push({ market: 0, code: String(300000 + Math.floor(random() * 1500)), name: name(), board: false })
  for (let i = 0; i < 150; i++) list.push({ market: 0, code: String(830000 + Math.floor(random() * 9000)), name: name(), board: false })
  for (let i = 0; i < 300; i++) list.push({ market: 1, code: String(688000 + Math.floor(random() * 800)), name: name(), board: false })
  for (let i = 0; i < 400; i++) list.push({ market: 90, code: `BK${String(400 + Math.floor(random() * 800)).padStart(4, '0')}`, name: name(), board: true })
  for (let i = 0; i < 300; i++) list.push({ market: 116, code: String(Math.floor(random() * 9999)).padStart(5, '0'), name: name(), board: false })
  for (let i = 0; i < 200; i++) {
    const ticker = Array.from({ length: 2 + Math.floor(random() * 3) }, () => String.fromCharCode(65 + Math.floor(random() * 26))).join('')
    list.push({ market: random() < 0.5 ? 105 : 106, code: ticker, name: name(), board: false })
  }
  return list
}

function words(random: () => number, n: number): string {
  let s = ''
  for (let i = 0; i < n; i++) s += HANZI[Math.floor(random() * HANZI.length)] ?? '的'
  return s
}

function sentence(random: () => number): string {
  let s = ''
  const clauses = 1 + Math.floor(random() * 3)
  for (let i = 0; i < clauses; i++) s += words(random, 8 + Math.floor(random() * 20)) + (i < clauses - 1 ? (PUNCT[Math.floor(random() * 3)] ?? '，') : '。')
  return s
}

function keytip(s: Security): string {
  const secid = `${s.market}.${s.code}`
  const prefix = s.board ? 'bk' : 'stock'
  const quote = s.board ? 'bkquote' : 'quote'
  return `<span id="${prefix}_${secid}"><a href="http://quote.eastmoney.com/unify/r/${secid}" class="keytip" data-code="${s.market},${s.code}">${s.name}</a></span><span id="${quote}_${secid}"></span>`
}

function repeat(s: Security): string {
  const secid = `${s.market}.${s.code}`
  return `<span web="1" href="http://quote.eastmoney.com/unify/r/${secid}" class="em_stock_key_common" data-code="${s.market},${s.code}">${s.name}</span>`
}

function kline(s: Security): string {
  const secid = `${s.market}.${s.code}`
  return `<p style="display:none;height:1px;overflow:hidden;"><br /></p><!-- EM_StockImg_Start --><p style="text-align:center;"><a href="http://quote.eastmoney.com/unify/r/${secid}" data-code="${s.code}|${s.market}|2" data-code2="${s.code}|${s.market}|6|" class="EmImageRemark" target="_blank"><img src="https://webquoteklinepic.eastmoney.com/GetPic.aspx?nid=${secid}&imageType=k&token=0&at=1" border="0" alt="K图 ${s.code}_0" data-code="K ${s.code}|${s.market}|2" style="border:#d1d1d1 1px solid;" width="578" height="276" /></a></p><!-- EM_StockImg_End -->`
}

export interface GeneratedPost {
  /** The file's name in `_posts/`. */
  file: string
  text: string
}

export interface GeneratedArchive {
  posts: string
  categories: string
  count: number
}

/** Each post draws from its own generator, so post `i` is the same whatever else is written, and in any order. */
function postRandom(seed: number, i: number): () => number {
  return rng((seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0)
}

/**
 * Post `i` of an archive of `count` posts: the archive spans about five months, in order; posts from
 * `count` on follow it (the scraper's next posts).
 */
function post(i: number, count: number, secs: readonly Security[], seed: number): GeneratedPost {
  const random = postRandom(seed, i)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const start = Date.UTC(2022, 0, 1)
  const step = (150 * 86_400_000) / count
  const t = new Date(start + i * step + Math.floor(random() * step))
  const ymd = t.toISOString().slice(0, 10)
  const hms = t.toISOString().slice(11, 19)
  const digits = `${ymd.replace(/-/g, '')}${String(2200000000 + i).padStart(10, '0')}`
  const emnews = random() < 0.55
  const media = pick(MEDIA)
  const id = emnews ? digits : `NW${digits}`
  const title = words(random, 10 + Math.floor(random() * 18))
  const summaryOnly = random() < 0.3
  const lines: string[] = ['---', 'layout: post', `title: "${title}"`, `date: ${ymd} ${hms}${random() < 0.85 ? ' +0800' : ''}`]
  lines.push(emnews ? 'categories: emnews' : `categories: ${media.slug}`, emnews ? 'tags: 东财滚动新闻' : `tags: ${media.name}新闻`, '---')
  let text = `${lines.join('\n')}\n`
  if (summaryOnly) {
    text += `\n${sentence(random)}${sentence(random)}（${media.name}）\n`
  } else {
    if (emnews) text += `> ${sentence(random)}${sentence(random)}（${media.name}）\n\n`
    const paragraphs = 3 + Math.floor(random() * 14)
    const mentioned = Array.from({ length: Math.floor(random() * 7) }, () => pick(secs))
    let body = mentioned[0] && random() < 0.2 ? kline(mentioned[0]) : ''
    for (let p = 0; p < paragraphs; p++) {
      let para = ''
      for (let s = 0; s < 2 + Math.floor(random() * 4); s++) {
        para += sentence(random)
        const sec = mentioned[Math.floor(random() * (mentioned.length + 2))]
        if (sec) para += emnews ? (random() < 0.5 ? keytip(sec) : repeat(sec)) : sec.name
      }
      body += p === 0 ? `<p>${para}</p>` : `\n <p>${para}</p>`
      if (random() < 0.05) {
        body += `<center><img src="https://dfscdn.dfcfw.com/download/D${digits}${p}_w800h${400 + Math.floor(random() * 300)}.jpg" alt="Image" width="552" style="border:#d1d1d1 1px solid;padding:3px;margin:5px 0;" /></center><p style="text-align:center;">图片来源：${media.name}</p>`
      }
    }
    body += `<p class="em_media">（文章来源：${media.name}）</p>`
    text += `${body}\n`
  }
  text += emnews
    ? `\n<http://finance.eastmoney.com/news/1354,${digits}.html>\n\n[返回东财滚动新闻](//finews.withounder.com/emnews/)｜[返回首页](//finews.withounder.com/)`
    : `\n<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}>\n\n[返回${media.name}新闻](//finews.withounder.com/category/${media.slug}.html)｜[返回首页](//finews.withounder.com/)`
  // About one post in a thousand is broken the way real ones are.
  if (random() < 0.001) text = text.replace(`title: "${title}"`, 'title: ""').replace(/^date: .*$/m, 'date:  +0800')
  return { file: `${ymd}-${id}.md`, text }
}

/** Files written at once: enough to keep the disk busy while this thread makes the next posts. */
const IN_FLIGHT = 64

/**
 * Writes posts `from` … `to - 1`, each made by `make`, into `postsDir` as they are made, a bounded number in
 * flight, so that a million posts never sit in memory; their names go to `names` if given.
 */
export async function writePostsInFlight(postsDir: string, from: number, to: number, make: (i: number) => GeneratedPost, names: string[] | null): Promise<void> {
  const pending = new Set<Promise<void>>()
  for (let i = from; i < to; i++) {
    const { file, text } = make(i)
    names?.push(file)
    const write: Promise<void> = writeFile(join(postsDir, file), text).then(() => {
      pending.delete(write)
    })
    pending.add(write)
    if (pending.size >= IN_FLIGHT) await Promise.race(pending)
  }
  await Promise.all(pending)
}

/** Posts `from` … `to - 1` of an archive of `count` generated into `postsDir`. */
async function writePosts(postsDir: string, count: number, from: number, to: number, seed: number, names: string[] | null): Promise<void> {
  const secs = securities(rng(seed))
  await writePostsInFlight(postsDir, from, to, (i) => post(i, count, secs, seed), names)
}

/** Writes `count` posts to `<dir>/_posts` and category pages to `<dir>/category`. */
export async function generateArchive(dir: string, count: number, seed = 20221208): Promise<GeneratedArchive> {
  const postsDir = join(dir, '_posts')
  const catDir = join(dir, 'category')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(postsDir, { recursive: true })
  mkdirSync(catDir, { recursive: true })
  for (const m of MEDIA) writeFileSync(join(catDir, `${m.slug}.html`), `---\nlayout: category\ntitle: ${m.name}新闻\ncategory: ${m.slug}\n---`)
  await writePosts(postsDir, count, 0, count, seed, null)
  return { posts: postsDir, categories: catDir, count }
}

/**
 * Adds `n` posts newer than every post of an archive of `count` generated into `postsDir` (the next posts a
 * scraper brings). Returns their file names.
 */
export async function addNewerPosts(postsDir: string, count: number, n: number, seed = 20221208): Promise<string[]> {
  const names: string[] = []
  await writePosts(postsDir, count, count, count + n, seed, names)
  return names
}

/** Post `i` of an archive of `count` (from `count` on: newer than the archive), not written. */
export function generatedPost(count: number, i: number, seed = 20221208): GeneratedPost {
  return post(i, count, securities(rng(seed)), seed)
}
