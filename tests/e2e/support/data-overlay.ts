// Another build's data folder for the corpus site: the real pipeline run over a copy of the corpus plus a
// few fictional posts (this file writes them; the corpus stays as it is), served in place of the site's
// own data/ through the static server's override hook. The app's files stay those the global setup built,
// so a test sees exactly what a reader sees when a host's data is replaced by a newer build.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Manifest } from '../../../src/content/schema.ts'
import { buildContent } from '../../../src/pipeline/build-content.ts'
import type { StaticServer } from './static-server.ts'

export interface FictionalPost {
  /** Eastmoney-style digits or an NW… media id; the file is `<yyyy-mm-dd>-<id>.md`. */
  id: string
  /** `2030-01-02 09:30:00`, Beijing time. */
  date: string
  title: string
  /** As a post's `categories:` line has it (spaces, brackets and case kept). */
  category: string
  tag: string
  /** Body HTML after the summary line. */
  body: string
}

function postText(post: FictionalPost): string {
  return [
    '---',
    'layout: post',
    `title: ${JSON.stringify(post.title)}`,
    `date: ${post.date} +0800`,
    `categories: ${post.category}`,
    `tags: ${post.tag}`,
    '---',
    `> ${post.title}。（示例通讯社）`,
    '',
    post.body,
    '',
    '<>',
    '',
  ].join('\n')
}

export interface OverlayData {
  /** The data folder the pipeline wrote. */
  dir: string
  manifest: Manifest
  remove(): Promise<void>
}

/** Builds the data folder for the corpus plus `posts`, with the corpus's category pages for names. */
export async function buildCorpusWith(corpus: string, posts: readonly FictionalPost[]): Promise<OverlayData> {
  const root = await mkdtemp(path.join(tmpdir(), 'finews-overlay-'))
  const postsDir = path.join(root, '_posts')
  // Timestamps kept, so the build's own time (the newest input's) is what a rebuild on the host would have.
  await cp(path.join(corpus, '_posts'), postsDir, { recursive: true, preserveTimestamps: true })
  for (const post of posts) await writeFile(path.join(postsDir, `${post.date.slice(0, 10)}-${post.id}.md`), postText(post))
  const dir = path.join(root, 'data')
  const result = await buildContent({ posts: postsDir, categories: path.join(corpus, 'category'), out: dir, cacheDir: null })
  return { dir, manifest: result.manifest, remove: () => rm(root, { recursive: true, force: true }) }
}

/**
 * From now on the server answers `<base>data/…` from `dir`, and from the site's own data folder for files
 * only the older build has (pages a reader already holds), as a host keeps old hashed files for a while.
 */
export function serveDataFrom(server: StaticServer, dir: string, siteDir: string): void {
  const prefix = `${server.base}data/`
  server.override(new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), async (request) => {
    const file = request.path.slice(prefix.length)
    if (file.includes('..')) return { status: 404, body: 'not found' }
    for (const folder of [dir, path.join(siteDir, 'data')]) {
      try {
        return { status: 200, body: await readFile(path.join(folder, file)), contentType: 'application/json; charset=utf-8' }
      } catch {
        // not in this build
      }
    }
    return { status: 404, body: 'not found', contentType: 'text/plain; charset=utf-8' }
  })
}
