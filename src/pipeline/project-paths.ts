// What the commands read and write unless told otherwise, in one place for `npm run content`, `npm run
// build` and `npm run dev`: the project's folder, the embedded sample archive, the incremental cache, the
// category pages beside a `_posts/` folder, the archive FINEWS_POSTS and FINEWS_CATEGORIES choose, and the
// sub-path FINEWS_BASE sets.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const PROJECT_ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const SAMPLE_POSTS = join(PROJECT_ROOT, 'src', 'sample-archive', '_posts')
/** The incremental cache lives in the project's node_modules/.cache, wherever the command runs from. */
export const DEFAULT_CACHE = join(PROJECT_ROOT, 'node_modules', '.cache', 'finews')

/** The old site's category pages: a `category/` folder beside the `_posts/` folder, if there is one. */
export function defaultCategories(posts: string): string | null {
  const beside = join(resolve(posts), '..', 'category')
  return existsSync(beside) ? beside : null
}

export interface ArchiveFolders {
  posts: string
  categories: string | null
}

/** The archive to build: FINEWS_POSTS (default: the sample archive) and FINEWS_CATEGORIES (default: beside it). */
export function archiveFromEnv(env: NodeJS.ProcessEnv): ArchiveFolders {
  const posts = resolve(env.FINEWS_POSTS ?? SAMPLE_POSTS)
  return { posts, categories: env.FINEWS_CATEGORIES ? resolve(env.FINEWS_CATEGORIES) : defaultCategories(posts) }
}

/** `finews` → `/finews/`: the sub-path a site is served under, with leading and trailing slashes. */
export function normalizeBase(raw: string | undefined): string {
  const value = (raw ?? '/').trim() || '/'
  const lead = value.startsWith('/') ? value : `/${value}`
  return lead.endsWith('/') ? lead : `${lead}/`
}
