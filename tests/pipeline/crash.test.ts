// A build killed at any moment (`kill -9`) leaves the data folder serving a complete site, the previous one
// or the new one and never a mix, and the next build finishes the job: its folder is then byte for byte a
// clean build's. The real CLI runs in a child process on a generated archive: first a build into an empty
// folder is killed (the build after it must still write exactly a clean build), then, with a previous site
// in the folder, builds are killed at points drawn from a seed: after a number of files appeared in or left the data folder
// (early while articles are written, later while pages and look-ups are), as soon as the first old file is
// removed, or as soon as the new manifest is in place. Each round but one edits more posts first, so every
// build has work of its own on top of what the killed one left. FINEWS_SEED=<seed> replays a seed.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, watch, type FSWatcher } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { DATA_DIRS } from '../../src/pipeline/outputs/output-folder.ts'
import { GeneratedArchive, Rng } from './support/archive-generator.ts'
import { cleanBuildByCli, contentCli, sourcesNote, sourcesStamp } from './support/content-cli.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'
import { type Exit } from './support/script-process.ts'
import { siteProblems, treeDifferences } from './support/site-check.ts'

afterAll(removeTempDirs, 120_000)

const SEED = process.env.FINEWS_SEED ? Number(process.env.FINEWS_SEED) : 20_240_612

/**
 * Where a round kills the build: after `files` names appeared in or left the data folder, as soon as the new
 * manifest is in place, or as soon as the first file is removed (nothing may go before the manifest that
 * no longer names it is in place).
 */
type KillPoint = { files: number } | { manifest: true } | { removal: true }

function describePoint(point: KillPoint): string {
  if ('files' in point) return `after ${point.files} file events`
  return 'manifest' in point ? 'as soon as the new manifest was in place' : 'as soon as a file was removed'
}

/**
 * Counts files appearing under their final names in, or leaving, the data folder (not the lock or temporary
 * files, which start with a dot), and calls `reached` once the kill point is. Notes in `empty` any file seen
 * empty under its final name while the build ran (a file written in place rather than renamed into place).
 */
function watchFolder(out: string, point: KillPoint, reached: () => void, empty: Set<string>): () => void {
  let events = 0
  const watchers: FSWatcher[] = []
  for (const sub of ['', ...DATA_DIRS]) {
    const dir = join(out, sub)
    watchers.push(
      watch(dir, (_, name) => {
        if (name === null || name.startsWith('.')) return
        events++
        if (statSync(join(dir, name), { throwIfNoEntry: false })?.size === 0) empty.add(join(sub, name))
        if ('files' in point) {
          if (events >= point.files) reached()
        } else if ('manifest' in point) {
          if (sub === '' && name === 'manifest.json') reached()
        } else if (sub !== '' && !existsSync(join(dir, name))) {
          // Files appear only by a rename from a temporary name and leave only as garbage: gone means removed.
          reached()
        }
      }),
    )
  }
  return () => {
    for (const w of watchers) w.close()
  }
}

/** Runs the CLI build; kills it at `point` unless it ends first. */
async function buildUntil(posts: string, out: string, cacheDir: string, point: KillPoint | null): Promise<{ exit: Exit; output: string; empty: string[] }> {
  const cli = contentCli(posts, out, cacheDir)
  const empty = new Set<string>()
  const stop = point === null ? () => undefined : watchFolder(out, point, () => cli.child.kill('SIGKILL'), empty)
  try {
    const exit = await cli.exited
    return { exit, output: `${cli.stdout()}\n${cli.stderr()}`, empty: [...empty] }
  } finally {
    stop()
  }
}

describe('a build killed at random points', () => {
  it(`leaves a complete site every time, and the next build finishes the job (FINEWS_SEED=${SEED})`, { timeout: 900_000 }, async () => {
    const rng = new Rng(SEED)
    const root = tempDir('crash')
    const posts = join(root, '_posts')
    const out = join(root, 'out')
    const cacheDir = join(root, 'cache')
    const archive = new GeneratedArchive(posts, SEED, 2000)
    const stamp = sourcesStamp()
    // The very first build, into an empty folder, killed: whatever it left, the next build finishes the job.
    mkdirSync(out)
    for (const dir of DATA_DIRS) mkdirSync(join(out, dir))
    const cold = await buildUntil(posts, out, cacheDir, { files: rng.between(50, 1500) })
    expect(cold.exit, `FINEWS_SEED=${SEED}, the first build: ${cold.output}`).toEqual({ code: null, signal: 'SIGKILL' })
    expect(cold.empty, `FINEWS_SEED=${SEED}, the first build: files seen empty under their final names`).toEqual([])
    // The folder now holds a previous site, made by a build that found a killed one's leftovers (and its lock).
    const recovery = await buildUntil(posts, out, cacheDir, null)
    expect(recovery.exit, recovery.output).toEqual({ code: 0, signal: null })
    expect(recovery.output).toMatch(/taking over the lock of pid \d+.*which is no longer running/)
    const first = tempDir('clean')
    await cleanBuildByCli(posts, first)
    expect(treeDifferences(out, first), `${sourcesNote(stamp)}FINEWS_SEED=${SEED}: the build after the killed first build`).toEqual([])
    rmSync(first, { recursive: true, force: true })
    /** Every manifest of a complete site the folder went through: one of these must be in place after a kill. */
    const sites = [readFileSync(join(out, 'manifest.json'))]

    const points: KillPoint[] = [
      { files: rng.between(1, 40) },
      { files: rng.between(40, 800) },
      { removal: true },
      { files: rng.between(800, 4000) },
      { manifest: true },
      { removal: true },
    ]
    const killed: number[] = []
    for (const [round, point] of points.entries()) {
      // Most rounds bring edits of their own; some only have what the killed build left to finish.
      const edits = round === 5 ? [] : archive.randomEdits(rng.between(60, 200)).edits
      const where = `FINEWS_SEED=${SEED}, round ${round} (killed ${describePoint(point)}, after ${edits.length} edits)`
      const { exit, output, empty } = await buildUntil(posts, out, cacheDir, point)
      if (exit.signal === 'SIGKILL') killed.push(round)
      else expect(exit, `${where}: the build failed:\n${output}`).toEqual({ code: 0, signal: null })
      expect(empty, `${where}: files seen empty under their final names while the build ran`).toEqual([])

      expect(siteProblems(out), where).toEqual([])
      // The manifest is the one this build was to write (a clean build's) or one of an earlier complete site
      // (a killed build that had committed its outputs has its manifest put in place by the next one).
      const clean = tempDir('clean')
      await cleanBuildByCli(posts, clean)
      sites.push(readFileSync(join(clean, 'manifest.json')))
      const manifest = readFileSync(join(out, 'manifest.json'))
      expect(sites.some((site) => site.equals(manifest)), `${sourcesNote(stamp)}${where}: the manifest of no complete site`).toBe(true)
      rmSync(clean, { recursive: true, force: true })
    }
    // Kills that landed: the points are drawn so that the early ones always do.
    expect(killed.length, `FINEWS_SEED=${SEED}: killed in rounds ${killed.join(', ')} only`).toBeGreaterThanOrEqual(3)

    const { exit, output } = await buildUntil(posts, out, cacheDir, null)
    expect(exit, output).toEqual({ code: 0, signal: null })
    const clean = tempDir('clean')
    await cleanBuildByCli(posts, clean)
    expect(treeDifferences(out, clean), `${sourcesNote(stamp)}FINEWS_SEED=${SEED}: the build after the kills`).toEqual([])
  })
})
