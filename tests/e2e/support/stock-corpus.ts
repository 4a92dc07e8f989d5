// Which articles of the real corpus mention a security, read from the post files themselves (never from
// the build): a post mentions `<market>.<code>` when its body links the quote page or marks the security
// with Eastmoney's data-code / element ids. The media line (（文章来源：上海证券报）) is left out: its
// keyword links name the newspaper, not a security the story is about, and the reader drops that line.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { CorpusArticle, CorpusModel } from './corpus-model.ts'

const FRONT_MATTER = /^\uFEFF?---\r?\n[\s\S]*?\r?\n---\r?\n?/
const MEDIA_LINE = /<p[^>]*class="em_media"[^>]*>[\s\S]*?<\/p>/g

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Whether the post text (front matter and media line left out) mentions `secid`. */
export function postMentions(text: string, secid: string): boolean {
  const [market = '', code = ''] = secid.split('.')
  const body = text.replace(FRONT_MATTER, '').replace(MEDIA_LINE, '')
  const m = escape(market)
  const c = escape(code)
  const patterns = [
    new RegExp(`quote\\.eastmoney\\.com/(?:unify/)?r/${m}\\.${c}(?![A-Za-z0-9_])`),
    new RegExp(`data-code="${m},${c}"`),
    new RegExp(`data-code="(?:K\\s+)?${c}\\|${m}\\|`),
    new RegExp(`id="(?:stock|bk)_${m}\\.${c}"`),
  ]
  return patterns.some((pattern) => pattern.test(body))
}

/** The corpus's publishable articles that mention `secid`, newest first (as the model orders them). */
export async function articlesMentioning(model: CorpusModel, postsDir: string, secid: string): Promise<CorpusArticle[]> {
  const found: CorpusArticle[] = []
  for (const article of model.articles) {
    if (postMentions(await readFile(path.join(postsDir, article.file), 'utf8'), secid)) found.push(article)
  }
  return found
}
