// `npm run content -- --posts DIR --out DIR [--categories DIR] [--report FILE] [--no-cache] [--cache DIR] [--workers N] [--no-search] [--watch]`
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildContent, openIndex, type ContentResult } from './build-content.ts'
import type { OutputSizes } from './outputs/sizes.ts'
import { createProgress } from './progress.ts'
import { ContentRebuilds, type WatchedContent } from './watch/content-watch.ts'
import { DEFAULT_CACHE, defaultCategories } from './project-paths.ts'
import { summarize } from './report.ts'
import { runIfMain } from './run-main.ts'

const USAGE = `usage: npm run content -- --posts DIR --out DIR [--categories DIR] [--report FILE] [--no-cache] [--cache DIR] [--workers N] [--no-search] [--watch]
  --posts DIR       a Jekyll _posts/ folder
  --out DIR         the data folder to write (manifest.json and content-hashed JSON)
  --categories DIR  category pages (default: a "category" folder beside --posts, if there is one)
  --report FILE     write {read, written, salvaged, rejected} as JSON
  --cache DIR       where the archive index is kept (default: node_modules/.cache/finews);
                    --no-cache reads every post and rewrites the folder as a clean build
  --workers N       parser threads (default: one per core)
  --no-wait         refuse at once, instead of waiting, when another build is writing --out
  --no-search       write no search index (the reader then says search is unavailable)
  --sizes LIST      page, list and shard sizes, e.g. page=25,list=100,shardKeys=500 (for tests)
  --watch           keep running, and bring the data folder up to date whenever a post or category page
                    is added, changed or removed (Ctrl-C stops)`

function writeReport(path: string, result: ContentResult): void {
  mkdirSync(dirname(resolve(path)), { recursive: true })
  const { read, written, salvaged, rejected, categoryPages, problems } = result.report
  writeFileSync(path, `${JSON.stringify({ read, written, salvaged, rejected, categoryPages, problems }, null, 2)}\n`)
}

/**
 * `--watch`: one build, then a rebuild of what changed after every burst of changes, with the archive index
 * kept open. Each rebuild prints one line and rewrites the report.
 */
async function watch(content: WatchedContent, cacheDir: string | null, report: string | undefined): Promise<number> {
  const index = openIndex(cacheDir, content.posts, content.out)
  const rebuilds = new ContentRebuilds(content, index, {
    built(result, initial) {
      const log = summarize(result, content.out)
      const seconds = (result.stats.seconds.total ?? 0).toFixed(2)
      console.log(initial ? log : `${log.split('\n')[0] ?? ''}; rebuilt in ${seconds} s`)
      if (report) writeReport(report, result)
    },
    failed(error) {
      console.error(`finews: rebuild failed: ${error instanceof Error ? error.message : String(error)}`)
    },
  })
  await rebuilds.build(true)
  const folders = [content.posts, content.categories].filter((d): d is string => d !== null && existsSync(d))
  const stopWatching = rebuilds.follow()
  console.log(`finews: watching ${folders.join(' and ')} for changes (Ctrl-C stops)`)
  return new Promise((stopped) => {
    const stop = (): void => {
      stopWatching()
      void rebuilds.stop().then(() => {
        index.close()
        stopped(0)
      })
    }
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
}

/** `page=3,list=2` → sizes; throws on a name or value it does not know. */
function parseSizes(text: string): Partial<OutputSizes> {
  const sizes: Record<string, number> = {}
  for (const part of text.split(',')) {
    const [name, value] = part.split('=')
    if (!name || value === undefined || !/^\d+$/.test(value)) throw new Error(`--sizes: "${part}" is not name=number`)
    sizes[name] = Number(value)
  }
  return sizes
}

async function main(): Promise<number> {
  let args
  try {
    args = parseArgs({
      options: {
        posts: { type: 'string' },
        out: { type: 'string' },
        categories: { type: 'string' },
        report: { type: 'string' },
        cache: { type: 'string' },
        'no-cache': { type: 'boolean' },
        workers: { type: 'string' },
        'no-wait': { type: 'boolean' },
        'no-search': { type: 'boolean' },
        sizes: { type: 'string' },
        watch: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: false,
    }).values
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  if (!args.posts || !args.out) {
    console.error(`--posts and --out are required\n${USAGE}`)
    return 2
  }
  if (!existsSync(args.posts)) {
    console.error(`--posts ${args.posts}: no such folder`)
    return 2
  }
  const workers = args.workers === undefined ? undefined : Number(args.workers)
  if (workers !== undefined && !(Number.isInteger(workers) && workers > 0)) {
    console.error(`--workers must be a whole number above 0\n${USAGE}`)
    return 2
  }
  let sizes: Partial<OutputSizes> | undefined
  try {
    sizes = args.sizes === undefined ? undefined : parseSizes(args.sizes)
  } catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    return 2
  }
  const content: WatchedContent = {
    posts: args.posts,
    out: args.out,
    categories: args.categories ?? defaultCategories(args.posts),
    progress: (total) => createProgress({ stream: process.stderr, total, label: 'finews' }),
    ...(workers === undefined ? {} : { workers }),
    ...(sizes === undefined ? {} : { sizes }),
    ...(args['no-search'] ? { search: false } : {}),
  }
  const cacheDir = args['no-cache'] ? null : (args.cache ?? DEFAULT_CACHE)
  if (args.watch) return watch(content, cacheDir, args.report)
  const result = await buildContent({ ...content, cacheDir, waitForLock: !args['no-wait'] })
  console.log(summarize(result, args.out))
  if (args.report) writeReport(args.report, result)
  return result.report.written > 0 ? 0 : 1
}

runIfMain(import.meta.url, main)
