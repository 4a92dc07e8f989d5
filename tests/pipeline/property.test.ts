// The property behind every incremental build: whatever happened to the posts folder, the data folder a
// build leaves is byte for byte the one a clean build of the same posts writes. Checked on a generated
// archive of thousands of posts with tiny page, list and shard sizes (so feeds have many page lists and look-ups
// have many shards), after every step of a seeded random sequence of edits (new posts, rewritten bodies,
// titles, categories, tags and mentions, deletions, renames, a second file claiming an id, broken front
// matter, undated posts, shared timestamps, the whole folder replaced), in the two ways builds run:
//   - as a new process (cron): a build that opens the index in its cache folder and closes it after, a few
//     steps through the real CLI in a child process, one step after the data folder was deleted and one
//     after a build with other sizes;
//   - in watch mode: one index kept open across builds, told which files the watcher saw change (one step
//     lists everything, as after a watcher error).
// Both apply what they read in small parts (as a large build does), the clean builds all at once.
// SOURCE_DATE_EPOCH is not set: the manifest's time follows the posts' modification times, which the
// generator sets from its own clock, and every build sees the same files.
// A failure names the seed, the step and its edits; FINEWS_SEED=<seed> runs that seed alone.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { LookupIndexSchema } from '../../src/content/lookup-schema.ts'
import { FeedPageSchema, ManifestSchema, PageListSchema } from '../../src/content/schema.ts'
import { buildContent, openIndex, type ContentResult } from '../../src/pipeline/build-content.ts'
import { GeneratedArchive, type EditLog } from './support/archive-generator.ts'
import { contentCli, sourcesNote, sourcesStamp, TINY_SIZES } from './support/content-cli.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'
import { readFolder, treeDifferences } from './support/site-check.ts'

// Each test removes its own folders as it goes; this catches what a failure left.
afterAll(removeTempDirs, 120_000)

const SIZES = TINY_SIZES
/** What an operator might have built the folder with before: every output is then made again. */
const OTHER_SIZES = { page: 4, list: 3, shardKeys: 6, maxShards: 4 }

interface Plan {
  seed: number
  posts: number
  /** Steps after the first build, each a batch of `edits` random edits. */
  steps: number
  edits: number
  /** Steps whose new-process build is the CLI in a child process. */
  cliSteps: number[]
  /** The step that replaces the whole posts folder with other posts. */
  replaceAt: number | null
  /** Steps whose watch-mode build lists the whole folder (as after a watcher error) instead of the watcher's files. */
  listAllAt: number[]
  /** Steps before whose new-process build the data folder is deleted (the index in the cache remembers it). */
  wipeAt: number[]
  /** Steps before whose new-process build another build with other sizes writes the data folder. */
  resizeAt: number[]
}

/**
 * The incremental builds apply what they read in parts of this many posts (ids claimed twice all in the
 * first); the clean builds they are compared with apply everything at once.
 */
const PART = 97

const DEFAULT_PLAN: Omit<Plan, 'seed'> = { posts: 3000, steps: 5, edits: 20, cliSteps: [2, 5], replaceAt: 4, listAllAt: [3], wipeAt: [3], resizeAt: [1] }
const FROM_ENV = process.env.FINEWS_SEED
const PLANS: Plan[] =
  FROM_ENV !== undefined && FROM_ENV !== ''
    ? [{ ...DEFAULT_PLAN, seed: Number(FROM_ENV) }]
    : [
        { ...DEFAULT_PLAN, seed: 20_240_611 },
        { seed: 7, posts: 800, steps: 3, edits: 30, cliSteps: [], replaceAt: null, listAllAt: [2], wipeAt: [], resizeAt: [] },
        { seed: 1_234_567, posts: 800, steps: 3, edits: 30, cliSteps: [], replaceAt: 3, listAllAt: [], wipeAt: [], resizeAt: [] },
      ]

/** What an operator reads in the report, the same whatever kind of build wrote the folder. */
function reportOf(result: ContentResult): unknown {
  const { read, written, salvaged, rejected } = result.report
  return { read, written, salvaged, rejected }
}

/** Runs the real CLI (with `--cache cacheDir`, or a clean build when null); resolves to its report. */
async function cliBuild(posts: string, out: string, cacheDir: string | null, reportFile: string, where: string): Promise<unknown> {
  // A clean build (the reference) on one thread: it runs beside the test's own builds.
  const cli = contentCli(posts, out, cacheDir, '--report', reportFile, ...(cacheDir === null ? ['--workers', '1'] : []))
  const exit = await cli.exited
  expect(exit, `${where}: the CLI failed:\n${cli.stdout()}\n${cli.stderr()}`).toEqual({ code: 0, signal: null })
  const { read, written, salvaged, rejected } = JSON.parse(readFileSync(reportFile, 'utf8')) as Record<string, unknown>
  return { read, written, salvaged, rejected }
}

/** Whether the data folder has a feed of several page lists (its newest naming older ones), and several shards. */
function exercisesEveryPath(out: string): { severalLists: boolean; severalShards: boolean } {
  const read = (path: string): unknown => JSON.parse(readFileSync(join(out, path), 'utf8'))
  const manifest = ManifestSchema.parse(read('manifest.json'))
  const head = FeedPageSchema.parse(read(manifest.feed.head ?? ''))
  const firstList = head.older === null ? null : PageListSchema.parse(read(head.older))
  return { severalLists: (firstList?.lists?.length ?? 0) > 1, severalShards: LookupIndexSchema.parse(read(manifest.lookups)).articles.length >= 3 }
}

describe('incremental builds equal clean builds', () => {
  for (const plan of PLANS) {
    it(`after every step of seed ${plan.seed} (${plan.posts} posts, ${plan.steps} steps of ${plan.edits} edits)`, { timeout: 600_000 }, async () => {
      const root = tempDir('property')
      const posts = join(root, '_posts')
      const out = join(root, 'out')
      const cacheDir = join(root, 'cache')
      const watchOut = join(root, 'watch-out')
      const archive = new GeneratedArchive(posts, plan.seed, plan.posts)
      const watchIndex = openIndex(null, posts, watchOut)
      /** New-process builds after the first that read only what changed (the others read every post). */
      let incremental = 0
      try {
        for (let step = 0; step <= plan.steps; step++) {
          let log: EditLog
          if (step === 0) log = { edits: ['the first build'], touched: [] }
          else if (step === plan.replaceAt) log = archive.replaceAll(plan.seed + 1, Math.round(plan.posts / 2))
          else log = archive.randomEdits(plan.edits)
          const where = `FINEWS_SEED=${plan.seed}, step ${step} (${plan.posts} posts, then ${plan.steps} steps of ${plan.edits} edits)`
          const stamp = sourcesStamp()

          // A new process: the index opened from its cache folder, closed after.
          if (plan.wipeAt.includes(step)) rmSync(out, { recursive: true, force: true })
          if (plan.resizeAt.includes(step)) await buildContent({ posts, categories: null, out, cacheDir, sizes: OTHER_SIZES })
          const byCli = plan.cliSteps.includes(step)
          let fromNewProcess: unknown
          if (byCli) fromNewProcess = await cliBuild(posts, out, cacheDir, join(root, `report-${step}.json`), where)
          else {
            const result = await buildContent({ posts, categories: null, out, cacheDir, sizes: SIZES, part: PART })
            if (step > 0 && result.stats.reused > 0) incremental++
            fromNewProcess = reportOf(result)
          }
          // The CLI's folder is compared with a clean build by the CLI (see support/content-cli.ts for why),
          // which runs in its own process meanwhile.
          const cliClean = join(root, `cli-clean-${step}`)
          const cliCleanReport = byCli ? cliBuild(posts, cliClean, null, join(root, `clean-report-${step}.json`), where) : null
          // Watch mode: the same index all along, told what the watcher saw (or to list everything).
          const watched = await buildContent({
            posts,
            categories: null,
            out: watchOut,
            cacheDir: null,
            index: watchIndex,
            sizes: SIZES,
            part: PART,
            changed: step === 0 || plan.listAllAt.includes(step) ? undefined : log.touched.map((f) => join(posts, f)),
          })
          const clean = join(root, `clean-${step}`)
          // On one thread: starting a parser thread (which compiles the TypeScript sources again) costs more
          // than it saves on a few thousand posts.
          const cleanResult = await buildContent({ posts, categories: null, out: clean, cacheDir: null, sizes: SIZES, workers: 1 })
          const cleanReport = (await cliCleanReport) ?? reportOf(cleanResult)
          const label = `${sourcesNote(stamp)}${where}; edits of this step:\n  ${log.edits.join('\n  ')}\n`
          if (step === 0) expect(exercisesEveryPath(clean), label).toEqual({ severalLists: true, severalShards: true })
          const expected = readFolder(clean)
          const differences = { newProcess: treeDifferences(out, byCli ? cliClean : expected), watch: treeDifferences(watchOut, expected) }
          expect(differences, label).toEqual({ newProcess: [], watch: [] })
          expect({ newProcess: fromNewProcess, watch: reportOf(watched) }, label).toEqual({ newProcess: cleanReport, watch: reportOf(cleanResult) })
          rmSync(clean, { recursive: true, force: true })
          rmSync(cliClean, { recursive: true, force: true })
        }
        // Else the test would have compared full builds only.
        expect(incremental, `FINEWS_SEED=${plan.seed}: steps whose new-process build read only what changed`).toBeGreaterThan(0)
      } finally {
        watchIndex.close()
        rmSync(root, { recursive: true, force: true })
      }
    })
  }
})
