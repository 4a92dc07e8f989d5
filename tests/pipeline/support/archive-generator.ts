// A fictional archive in the real corpus's format, made and edited deterministically from a seed: posts
// with Eastmoney's security markup, summaries, source links and media credits, undated posts, posts that
// share a timestamp, and the edits an archive meets (new posts, rewrites, renames, deletions, a second file
// claiming an id, broken front matter...). Every file it writes gets a modification time from its own
// clock, so two runs of one seed write the same bytes with the same times.
import { mkdirSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

/** mulberry32: small, fast, and the same sequence for a seed on every machine. */
export class Rng {
  #state: number

  constructor(seed: number) {
    this.#state = seed >>> 0
  }

  /** In [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0
    let t = this.#state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  /** A whole number in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** A whole number in [lo, hi]. */
  between(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list')
    return items[this.int(items.length)] as T
  }

  /** `k` different items, in the order drawn. */
  sample<T>(items: readonly T[], k: number): T[] {
    const pool = [...items]
    const out: T[] = []
    while (out.length < k && pool.length > 0) out.push(pool.splice(this.int(pool.length), 1)[0] as T)
    return out
  }
}

export interface Security {
  market: number
  code: string
  name: string
  /** Another way posts write its name (the security's card shows the commonest). */
  alias: string
  /** `stock_` or `bk_` (a board), as the name span's id starts. */
  prefix: 'stock_' | 'bk_'
}

const FIRMS = ['青禾', '蓝鲸', '云梯', '金穗', '海川', '星河', '恒远', '北辰', '瑞丰', '中衡', '华曜', '东岳', '南屿', '西陵', '嘉禾', '明川']
const TRADES = ['数据', '新材', '控股', '科技', '电子', '能源', '医药', '智造']
const BOARDS = ['储能材料', '固态电池', '算力租赁', '低空经济', '海上风电', '合成生物', '卫星互联', '机器视觉']

/** Forty-odd fictional securities across the markets the real archive mentions (Shanghai, Shenzhen, Hong Kong, New York, boards). */
export const SECURITIES: readonly Security[] = (() => {
  const out: Security[] = []
  FIRMS.forEach((firm, i) => {
    const trade = TRADES[i % TRADES.length] ?? '科技'
    const name = `${firm}${trade}`
    const markets: [number, string][] = [
      [1, `6039${String(10 + i).padStart(2, '0')}`],
      [0, `3009${String(10 + i).padStart(2, '0')}`],
      [116, `09${String(100 + i)}`],
    ]
    const [market, code] = markets[i % 3] ?? [1, '603910']
    out.push({ market, code, name, alias: `${name}股份`, prefix: 'stock_' })
    if (i % 4 === 0) out.push({ market: 106, code: `F${'ABCDEFGH'[i / 4] ?? 'Z'}X`, name: `${firm}出行`, alias: `${firm}汽车`, prefix: 'stock_' })
  })
  BOARDS.forEach((board, i) => out.push({ market: 90, code: `BK09${String(60 + i)}`, name: board, alias: `${board}概念`, prefix: 'bk_' }))
  return out
})()

const CATEGORIES = ['emnews', 'cailianshe', 'zhengquanshibao', 'shanghaizhengquanbao', 'meirijingjixinwen', 'zhongguojijinbao']
const TAGS = ['东财滚动新闻', '财联社电报', '证券时报新闻', '储能', '新能源车', '半导体', '并购重组', '业绩预告', '央行动态', '港股通']
const MEDIA = ['证券时报', '上海证券报', '每日经济新闻', '中国基金报', '财联社']
const SUBJECTS = ['公司', '管理层', '机构', '分析师', '董事会', '交易所', '监管部门', '行业协会']
const VERBS = ['披露', '预计', '表示', '宣布', '确认', '回应', '计划', '启动']
const OBJECTS = ['三季度营收同比增长', '新一轮产能扩张', '海外订单持续放量', '回购方案已获通过', '研发投入再创新高', '毛利率小幅回落', '新产品将于年内量产', '与上下游签订长期协议']
const TAILS = ['市场关注度明显提升', '后续进展有待观察', '多家券商上调评级', '股价盘中一度涨停', '成交额较前一日放大', '行业景气度仍在回升']

export interface MentionSpec {
  /** Index into SECURITIES. */
  sec: number
  /** How many times the post names it (the first as a name span, the others as repeats). */
  times: number
  /** Written with the alias rather than the name. */
  alias: boolean
}

export interface PostSpec {
  id: string
  /** `YYYY-MM-DD HH:MM:SS`; null for an undated post (`date:  +0800`, as the real archive writes it). */
  date: string | null
  /** Whether the date carries ` +0800` (the real archive has both shapes). */
  offset: boolean
  title: string
  category: string
  tags: string[]
  /** Tags written as a YAML list rather than one word. */
  tagList: boolean
  summary: string | null
  paragraphs: string[][]
  mentions: MentionSpec[]
  sourceUrl: string | null
  credit: string | null
  /** `published: false` in the front matter: Jekyll leaves the post out. */
  unpublished?: boolean
}

type Entry = { kind: 'post'; spec: PostSpec } | { kind: 'raw'; text: string }

/** One step's edits: what they were (for a failure message) and every path they touched (for a watcher's list). */
export interface EditLog {
  edits: string[]
  touched: string[]
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0')
}

/** Seconds since 2021-01-01 00:00 (Beijing time) as the corpus writes a date. */
function dateText(seconds: number): string {
  const d = new Date(Date.UTC(2021, 0, 1) + seconds * 1000)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
}

/** The first modification time this generator gives a file; each write takes the next second. */
const CLOCK_START = Date.UTC(2024, 0, 1) / 1000

export class GeneratedArchive {
  readonly dir: string
  readonly rng: Rng
  readonly #entries = new Map<string, Entry>()
  #clock = CLOCK_START
  #nextSerial: number

  /** Writes `count` posts into `dir` (made if missing), all from `seed`. */
  constructor(dir: string, seed: number, count: number) {
    this.dir = dir
    this.rng = new Rng(seed)
    // Ids look like the real ones (date digits, then ten digits); each archive draws its own range.
    this.#nextSerial = 1_000_000_000 + this.rng.int(8_000_000_000)
    mkdirSync(dir, { recursive: true })
    this.#fill(count)
  }

  /** Files of the posts folder as the generator last wrote them (relative paths, sorted). */
  files(): string[] {
    return [...this.#entries.keys()].sort()
  }

  get size(): number {
    return this.#entries.size
  }

  #fill(count: number): void {
    const dated: string[] = []
    for (let i = 0; i < count; i++) {
      const spec = this.#newSpec(dated)
      if (spec.date) dated.push(spec.date)
      this.#write(this.#fileFor(spec), { kind: 'post', spec })
    }
  }

  #newId(date: string | null): string {
    this.#nextSerial++
    const digits = `${(date ?? '2022-05-26').slice(0, 10).replaceAll('-', '')}${pad(this.#nextSerial % 10_000_000_000, 10)}`
    // The real archive has a few NW-prefixed ids beside the numeric ones.
    return this.rng.chance(0.05) ? `NW${digits}` : digits
  }

  /** A fresh post; one in eight shares the timestamp of an earlier one, one in forty is undated. */
  #newSpec(dated: readonly string[]): PostSpec {
    const rng = this.rng
    let date: string | null
    if (dated.length > 0 && rng.chance(0.125)) date = rng.pick(dated)
    else if (rng.chance(0.025)) date = null
    else date = dateText(rng.int(2 * 365 * 24 * 3600))
    const spec: PostSpec = {
      id: this.#newId(date),
      date,
      offset: rng.chance(0.7),
      title: this.#title(),
      category: rng.chance(0.6) ? 'emnews' : rng.pick(CATEGORIES),
      tags: this.#tags(),
      tagList: false,
      summary: null,
      paragraphs: this.#paragraphs(),
      mentions: this.#mentions(),
      sourceUrl: null,
      credit: rng.chance(0.5) ? rng.pick(MEDIA) : null,
    }
    spec.tagList = spec.tags.length > 1 || rng.chance(0.2)
    spec.summary = rng.chance(0.4) ? this.#sentence() : null
    spec.sourceUrl = rng.chance(0.6) ? `http://finance.eastmoney.com/a/${spec.id.replace(/^NW/, '')}.html` : null
    return spec
  }

  #title(): string {
    const rng = this.rng
    const firm = rng.pick(SECURITIES)
    return `${firm.name}${rng.pick(VERBS)}${rng.pick(OBJECTS)}`
  }

  #tags(): string[] {
    const rng = this.rng
    const tags = [rng.chance(0.7) ? '东财滚动新闻' : rng.pick(TAGS)]
    for (let i = rng.int(3); i > 0; i--) tags.push(rng.pick(TAGS))
    return [...new Set(tags)]
  }

  #sentence(): string {
    const rng = this.rng
    return `${rng.pick(SUBJECTS)}${rng.pick(VERBS)}，${rng.pick(OBJECTS)}，${rng.pick(TAILS)}。`
  }

  #paragraphs(): string[][] {
    const rng = this.rng
    const out: string[][] = []
    for (let p = rng.between(1, 4); p > 0; p--) {
      const sentences: string[] = []
      for (let s = rng.between(1, 3); s > 0; s--) sentences.push(this.#sentence())
      out.push(sentences)
    }
    return out
  }

  #mentions(): MentionSpec[] {
    const rng = this.rng
    const n = rng.chance(0.35) ? 0 : rng.between(1, 3)
    return rng.sample(
      SECURITIES.map((_, i) => i),
      n,
    ).map((sec) => ({ sec, times: rng.between(1, 3), alias: rng.chance(0.1) }))
  }

  /** `YYYY-MM-DD-<id>.md`, or `-<id>.md` for an undated post (as the real archive names them). */
  #fileFor(spec: PostSpec): string {
    return `${spec.date ? spec.date.slice(0, 10) : ''}-${spec.id}.md`
  }

  /** The corpus's front matter and body for a post. */
  render(spec: PostSpec): string {
    const date = spec.date === null ? ' +0800' : `${spec.date}${spec.offset ? ' +0800' : ''}`
    const tags = spec.tagList ? `[${spec.tags.join(', ')}]` : (spec.tags[0] ?? '')
    const lines = ['---', 'layout: post', `title: "${spec.title}"`, `date: ${date}`, `categories: ${spec.category}`, `tags: ${tags}`]
    if (spec.unpublished) lines.push('published: false')
    lines.push('---')
    if (spec.summary) lines.push(`> ${spec.summary}`, '')
    const named = new Set<number>()
    const body = spec.paragraphs.map((sentences, p) => {
      let html = ''
      sentences.forEach((sentence, s) => {
        // Mention j is written into paragraph j (or the last), before its first sentence.
        for (const [j, m] of spec.mentions.entries()) {
          if (Math.min(j, spec.paragraphs.length - 1) !== p || s !== 0) continue
          const sec = SECURITIES[m.sec] as Security
          const words = m.alias ? sec.alias : sec.name
          const secid = `${sec.market}.${sec.code}`
          for (let t = 0; t < m.times; t++) {
            if (!named.has(m.sec)) {
              named.add(m.sec)
              const quote = sec.prefix === 'bk_' ? 'bkquote_' : 'quote_'
              html += `<span id="${sec.prefix}${secid}"><a href="https://quote.eastmoney.com/unify/r/${secid}" class="keytip" data-code="${sec.market},${sec.code}">${words}</a></span><span id="${quote}${secid}"></span>`
            } else {
              html += `、<span web="1" href="http://quote.eastmoney.com/unify/r/${secid}" class="em_stock_key_common" data-code="${sec.market},${sec.code}">${words}</span>`
            }
          }
        }
        html += sentence
      })
      return `<p>${html}</p>`
    })
    if (spec.credit) body.push(`<p class="em_media">（文章来源：${spec.credit}）</p>`)
    lines.push(body.join(''), '')
    if (spec.sourceUrl) lines.push(`<${spec.sourceUrl}>`, '')
    return `${lines.join('\n')}\n`
  }

  #touch(path: string): void {
    this.#clock++
    utimesSync(path, this.#clock, this.#clock)
  }

  #write(file: string, entry: Entry): void {
    const path = join(this.dir, file)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, entry.kind === 'post' ? this.render(entry.spec) : entry.text)
    this.#touch(path)
    this.#entries.set(file, entry)
  }

  #remove(file: string): void {
    rmSync(join(this.dir, file))
    this.#entries.delete(file)
  }

  /** A file the generator wrote, picked at random (of those `fits`). */
  #pickFile(fits: (entry: Entry, file: string) => boolean = () => true): string | null {
    const files = this.files().filter((f) => fits(this.#entries.get(f) as Entry, f))
    return files.length > 0 ? this.rng.pick(files) : null
  }

  #pickPost(fits: (spec: PostSpec) => boolean = () => true): { file: string; spec: PostSpec } | null {
    const file = this.#pickFile((e) => e.kind === 'post' && fits(e.spec))
    if (file === null) return null
    const entry = this.#entries.get(file) as Entry & { kind: 'post' }
    return { file, spec: entry.spec }
  }

  /** Rewrites a post with `change` applied to a copy of its spec. */
  #edit(what: string, change: (spec: PostSpec) => void, log: EditLog, fits?: (spec: PostSpec) => boolean): void {
    const picked = this.#pickPost(fits)
    if (!picked) return
    const spec = structuredClone(picked.spec)
    change(spec)
    this.#write(picked.file, { kind: 'post', spec })
    log.edits.push(`${what} ${picked.file}`)
    log.touched.push(picked.file)
  }

  add(log: EditLog): void {
    const dated = this.files().flatMap((f) => {
      const e = this.#entries.get(f)
      return e?.kind === 'post' && e.spec.date ? [e.spec.date] : []
    })
    const spec = this.#newSpec(dated)
    const file = this.#fileFor(spec)
    this.#write(file, { kind: 'post', spec })
    log.edits.push(`add ${file}`)
    log.touched.push(file)
  }

  editBody(log: EditLog): void {
    this.#edit('edit body of', (s) => (s.paragraphs = this.#paragraphs()), log)
  }

  retitle(log: EditLog): void {
    this.#edit('retitle', (s) => (s.title = this.#title()), log)
  }

  /**
   * Retitles an undated post: it keeps its place, and its page (cut where the undated articles' ids say)
   * is put again. Undated posts are few, so a batch rarely edits two in place without this.
   */
  retitleUndated(log: EditLog): void {
    this.#edit('retitle undated', (s) => (s.title = this.#title()), log, (s) => !s.date)
  }

  recategorize(log: EditLog): void {
    this.#edit('recategorize', (s) => (s.category = this.rng.pick(CATEGORIES.filter((c) => c !== s.category))), log)
  }

  retag(log: EditLog): void {
    this.#edit(
      'retag',
      (s) => {
        s.tags = this.#tags()
        s.tagList = s.tags.length > 1 || this.rng.chance(0.2)
      },
      log,
    )
  }

  /** Adds, drops or swaps a mention, or writes one under its other name. */
  remention(log: EditLog): void {
    this.#edit(
      'change mentions of',
      (s) => {
        const rng = this.rng
        const which = rng.int(4)
        const free = SECURITIES.map((_, i) => i).filter((i) => !s.mentions.some((m) => m.sec === i))
        if (which === 0 || s.mentions.length === 0) s.mentions.push({ sec: rng.pick(free), times: rng.between(1, 3), alias: false })
        else if (which === 1) s.mentions.splice(rng.int(s.mentions.length), 1)
        else if (which === 2) (s.mentions[rng.int(s.mentions.length)] as MentionSpec).sec = rng.pick(free)
        else {
          const m = s.mentions[rng.int(s.mentions.length)] as MentionSpec
          m.alias = !m.alias
          m.times = rng.between(1, 3)
        }
      },
      log,
    )
  }

  /** Gives a post the timestamp of another (ties are broken by id). */
  sameTime(log: EditLog): void {
    const other = this.#pickPost()
    if (!other?.spec.date) return
    const date = other.spec.date
    this.#edit(`give ${other.file}'s time ${date} to`, (s) => (s.date = date), log)
  }

  /** Drops a post's date: the file name's date is used, or none for a `-<id>.md` file. */
  undate(log: EditLog): void {
    this.#edit('undate', (s) => (s.date = null), log)
  }

  remove(log: EditLog): void {
    const file = this.#pickFile()
    if (file === null) return
    this.#remove(file)
    log.edits.push(`delete ${file}`)
    log.touched.push(file)
  }

  /** Renames a file, bytes and time unchanged: to another date, another id, a subfolder, or `.markdown`. */
  rename(log: EditLog): void {
    const file = this.#pickFile()
    if (file === null) return
    const entry = this.#entries.get(file) as Entry
    const base = file.replace(/^.*\//, '')
    const m = /^(\d{4}-\d{2}-\d{2})?-(.+)\.(md|markdown)$/.exec(base)
    const id = m?.[2] ?? base.replace(/\.\w+$/, '')
    let to: string
    switch (this.rng.int(4)) {
      case 0:
        to = `${dateText(this.rng.int(2 * 365 * 24 * 3600)).slice(0, 10)}-${id}.md`
        break
      case 1: {
        const newId = this.#newId(entry.kind === 'post' ? entry.spec.date : null)
        to = `${m?.[1] ?? ''}-${newId}.md`
        if (entry.kind === 'post') entry.spec.id = newId
        break
      }
      case 2:
        to = file.includes('/') ? base : `${(m?.[1] ?? '2022-05-26').slice(0, 4)}/${base}`
        break
      default:
        to = file.replace(/\.(md|markdown)$/, (ext) => (ext === '.md' ? '.markdown' : '.md'))
    }
    if (to === file || this.#entries.has(to)) return
    mkdirSync(dirname(join(this.dir, to)), { recursive: true })
    renameSync(join(this.dir, file), join(this.dir, to))
    this.#entries.delete(file)
    this.#entries.set(to, entry)
    log.edits.push(`rename ${file} → ${to}`)
    log.touched.push(file, to)
  }

  /** Renames a file over another one (`mv a b` where b exists): b's post is gone, a's lives on under b's name. */
  renameOver(log: EditLog): void {
    const from = this.#pickFile()
    const to = this.#pickFile((_, f) => f !== from)
    if (from === null || to === null) return
    renameSync(join(this.dir, from), join(this.dir, to))
    this.#entries.set(to, this.#entries.get(from) as Entry)
    this.#entries.delete(from)
    log.edits.push(`rename ${from} over ${to}`)
    log.touched.push(from, to)
  }

  /** Sets `published: false` on a post, or takes it away. */
  togglePublished(log: EditLog): void {
    this.#edit('toggle published: false on', (s) => (s.unpublished = !s.unpublished), log)
  }

  /** A second file claiming a post's id: `-<id>.md`, another date, a subfolder or `.markdown`; a copy or another text. */
  duplicate(log: EditLog): void {
    const picked = this.#pickPost()
    if (!picked) return
    const { file, spec } = picked
    const base = file.replace(/^.*\//, '')
    const candidates = [
      `-${spec.id}.md`,
      `${dateText(this.rng.int(2 * 365 * 24 * 3600)).slice(0, 10)}-${spec.id}.md`,
      `twins/${base}`,
      file.replace(/\.(md|markdown)$/, '.markdown'),
    ].filter((f) => f !== file && !this.#entries.has(f))
    if (candidates.length === 0) return
    const to = this.rng.pick(candidates)
    const copy = structuredClone(spec)
    if (this.rng.chance(0.5)) copy.title = this.#title()
    this.#write(to, { kind: 'post', spec: copy })
    log.edits.push(`duplicate ${file} as ${to}`)
    log.touched.push(to)
  }

  /** Breaks a post's front matter (it is then rejected), or mends one broken before. */
  breakFrontMatter(log: EditLog): void {
    const broken = this.#pickFile((e) => e.kind === 'raw')
    if (broken !== null && this.rng.chance(0.4)) {
      const spec = this.#newSpec([])
      const m = /-([^-/]+)\.(md|markdown)$/.exec(broken)
      if (m?.[1]) spec.id = m[1]
      this.#write(broken, { kind: 'post', spec })
      log.edits.push(`mend front matter of ${broken}`)
      log.touched.push(broken)
      return
    }
    const picked = this.#pickPost()
    if (!picked) return
    const good = this.render(picked.spec)
    const kind = this.rng.int(3)
    const text =
      kind === 0
        ? good.replace(/^title: "(.*)"$/m, 'title: "$1') // an unclosed quote
        : kind === 1
          ? good.replace(/^tags: .*$/m, 'tags: [储能, 半导体') // an unclosed list
          : good.replace(/^---\n/, '') // no front matter at all
    this.#write(picked.file, { kind: 'raw', text })
    log.edits.push(`break front matter of ${picked.file}`)
    log.touched.push(picked.file)
  }

  /** Writes the same bytes again: only the modification time changes. */
  touch(log: EditLog): void {
    const file = this.#pickFile()
    if (file === null) return
    this.#write(file, this.#entries.get(file) as Entry)
    log.edits.push(`touch ${file}`)
    log.touched.push(file)
  }

  /** An editor's backup file beside a post (Jekyll skips it). */
  backup(log: EditLog): void {
    const picked = this.#pickPost()
    if (!picked) return
    const to = `${picked.file}~`
    if (this.#entries.has(to)) return
    this.#write(to, { kind: 'post', spec: structuredClone(picked.spec) })
    log.edits.push(`editor backup ${to}`)
    log.touched.push(to)
  }

  /** `n` edits of every kind, drawn from the generator's sequence. */
  randomEdits(n: number): EditLog {
    const log: EditLog = { edits: [], touched: [] }
    const kinds: ((log: EditLog) => void)[] = [
      (l) => this.add(l),
      (l) => this.add(l),
      (l) => this.editBody(l),
      (l) => this.retitle(l),
      (l) => this.retitleUndated(l),
      (l) => this.recategorize(l),
      (l) => this.retag(l),
      (l) => this.remention(l),
      (l) => this.remention(l),
      (l) => this.sameTime(l),
      (l) => this.undate(l),
      (l) => this.remove(l),
      (l) => this.rename(l),
      (l) => this.renameOver(l),
      (l) => this.togglePublished(l),
      (l) => this.duplicate(l),
      (l) => this.breakFrontMatter(l),
      (l) => this.touch(l),
      (l) => this.backup(l),
    ]
    for (let i = 0; i < n; i++) this.rng.pick(kinds)(log)
    return log
  }

  /** Empties the posts folder and writes `count` other posts (from `seed`) in their place. */
  replaceAll(seed: number, count: number): EditLog {
    const log: EditLog = { edits: [`replace every post with ${count} others from seed ${seed}`], touched: this.files() }
    for (const name of readdirSync(this.dir)) rmSync(join(this.dir, name), { recursive: true, force: true })
    this.#entries.clear()
    const other = new GeneratedArchive(this.dir, seed, count)
    // Times go on from this archive's clock, so no file is older than what it replaces.
    for (const file of other.files()) {
      this.#entries.set(file, other.#entries.get(file) as Entry)
      this.#touch(join(this.dir, file))
    }
    this.#nextSerial = other.#nextSerial
    log.touched.push(...this.files())
    return log
  }
}
