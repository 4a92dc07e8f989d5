// Many small fictional posts, for what a handful of fixtures cannot show: feeds of several pages, ties in
// time, undated posts, securities mentioned across many articles.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const COMPANIES = [
  ['1,603999', '青禾数据'],
  ['0,300999', '蓝鲸新材'],
  ['116,09999', '云梯控股'],
  ['90,BK9901', '储能材料'],
] as const

/** Writes `count` posts into `dir`; two of every seven share a minute, the last one has no usable date. */
export function generatePosts(dir: string, count: number): string[] {
  mkdirSync(dir, { recursive: true })
  const files: string[] = []
  for (let i = 0; i < count; i++) {
    // Eight hours apart, except that every seventh post shares the time of the one before it.
    const slot = i % 7 === 1 ? i - 1 : i
    const when = new Date(Date.UTC(2023, 3, 1, 0, 0, 0) + slot * 8 * 3_600_000).toISOString()
    const dayText = when.slice(0, 10)
    const date = i === count - 1 ? ' +0800' : `${dayText} ${when.slice(11, 19)} +0800`
    const id = `2023040${String(i).padStart(11, '0')}`
    const [code, name] = COMPANIES[i % COMPANIES.length] ?? COMPANIES[0]
    const category = i % 4 === 0 ? 'lanshanribao' : 'emnews'
    const tags = i % 5 === 0 ? '[东财滚动新闻, 储能]' : '东财滚动新闻'
    const mention = i % 3 === 0 ? '' : `<span class="em_stock_key_common" data-code="${code}">${name}</span>`
    const file = i === count - 1 ? `-${id}.md` : `${dayText}-${id}.md`
    writeFileSync(
      join(dir, file),
      `---\nlayout: post\ntitle: "第${i}条：${name}动态"\ndate: ${date}\ncategories: ${category}\ntags: ${tags}\n---\n<p>第${i}条快讯，${mention}经营情况稳定。</p>\n`,
    )
    files.push(file)
  }
  return files
}
