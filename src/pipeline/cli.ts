// `npm run content -- --posts DIR --out DIR [--categories DIR] [--report FILE] [--no-cache] [--workers N]`
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { buildContent } from './build-content.ts'
import { DEFAULT_CACHE, defaultCategories } from './project-paths.ts'
import { summarize } from './report.ts'
import { runIfMain } from './run-main.ts'

const USAGE = `usage: npm run content -- --posts DIR --out DIR [--categories DIR] [--report FILE] [--no-cache] [--cache DIR] [--workers N]
  --posts DIR       a Jekyll _posts/ folder
  --out DIR         the data folder to write (manifest.json and content-hashed JSON)
  --categories DIR  category pages (default: a "category" folder beside --posts, if there is one)
  --report FILE     write {read, written, salvaged, rejected} as JSON
  --cache DIR       incremental cache (default: node_modules/.cache/finews); --no-cache parses everything
  --workers N       parser threads (default: one per core)`

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
  const result = await buildContent({
    posts: args.posts,
    out: args.out,
    categories: args.categories ?? defaultCategories(args.posts),
    cacheDir: args['no-cache'] ? null : (args.cache ?? DEFAULT_CACHE),
    ...(workers === undefined ? {} : { workers }),
  })
  console.log(summarize(result, args.out))
  if (args.report) {
    mkdirSync(dirname(resolve(args.report)), { recursive: true })
    const { read, written, salvaged, rejected, categoryPages } = result.report
    writeFileSync(args.report, `${JSON.stringify({ read, written, salvaged, rejected, categoryPages }, null, 2)}\n`)
  }
  return result.report.written > 0 ? 0 : 1
}

runIfMain(import.meta.url, main)
