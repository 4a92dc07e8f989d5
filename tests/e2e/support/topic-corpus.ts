// The real corpus with topic tags added, for the tag filter. In the real corpus every post has exactly
// one tag, the same for its whole category, so no category or tag feed has a tag that narrows it and the
// reader offers no filter. This copies the posts to a temporary folder, adds a second tag to each post
// whose title names a topic (美元, 人民币, 北向资金), and builds the production site from the copy with
// the same buildSite() as the global setup. The copy lives outside the project and is removed afterwards.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildSite } from '../../../src/pipeline/build-site.ts'
import { parsePost } from './corpus.ts'
import { readCorpusModel, type CorpusModel } from './corpus-model.ts'

/** A post whose title contains one of these gets it as a second tag. */
export const TOPICS = ['美元', '人民币', '北向资金'] as const

export interface TopicSite {
  /** The built site (base `/`). */
  site: string
  /** The model of the tagged copy. */
  model: CorpusModel
  remove(): Promise<void>
}

function withTopics(text: string, topics: readonly string[]): string {
  // `tags: 东财滚动新闻` becomes `tags: [东财滚动新闻, 美元]`.
  return text.replace(/^tags:[ \t]*(.*)$/m, (_line, value: string) => {
    const first = value.trim().replace(/^["']|["']$/g, '')
    return `tags: [${[first, ...topics].map((t) => JSON.stringify(t)).join(', ')}]`
  })
}

export async function buildTopicSite(corpusDir: string): Promise<TopicSite> {
  const root = await mkdtemp(path.join(tmpdir(), 'finews-e2e-topics-'))
  try {
    const posts = path.join(root, '_posts')
    await mkdir(posts)
    const source = path.join(corpusDir, '_posts')
    for (const file of (await readdir(source)).filter((name) => name.endsWith('.md'))) {
      const text = await readFile(path.join(source, file), 'utf8')
      const title = parsePost(file, text).title ?? ''
      const topics = TOPICS.filter((topic) => title.includes(topic))
      await writeFile(path.join(posts, file), topics.length > 0 ? withTopics(text, topics) : text)
    }
    const categories = path.join(corpusDir, 'category')
    const site = path.join(root, 'site')
    await buildSite({ posts, categories, outDir: site, base: '/', siteUrl: 'https://finews.example', quiet: true })
    const model = await readCorpusModel(posts, categories)
    return { site, model, remove: () => rm(root, { recursive: true, force: true }) }
  } catch (error) {
    await rm(root, { recursive: true, force: true })
    throw error
  }
}
