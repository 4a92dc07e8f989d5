// The content CLI as an operator runs it (a process of its own), with the tiny output sizes the pipeline
// tests use so that a few thousand posts make chained page lists and many look-up shards.
//
// A build compared byte for byte with one made by the CLI should itself be made by the CLI: article file
// names carry a fingerprint of the pipeline's sources as they are on disk when a process starts, so a
// build in the test's own process (which started earlier) names them differently whenever those sources
// were edited in between, as happens while someone works in the same tree.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { REPO_ROOT } from './repo-root.ts'
import { runScript, type ScriptProcess } from './script-process.ts'

export const TINY_SIZES = { page: 3, list: 2, shardKeys: 4, maxShards: 32, undatedRun: 4 }

export const TINY_SIZES_ARG = Object.entries(TINY_SIZES)
  .map(([name, value]) => `${name}=${value}`)
  .join(',')

/** `npm run content -- --posts … --out … (--cache … | --no-cache) --sizes <tiny> …extra`, started. */
export function contentCli(posts: string, out: string, cacheDir: string | null, ...extra: string[]): ScriptProcess {
  const cache = cacheDir === null ? ['--no-cache'] : ['--cache', cacheDir]
  return runScript('src/pipeline/cli.ts', ['--posts', posts, '--out', out, ...cache, '--sizes', TINY_SIZES_ARG, ...extra])
}

/**
 * A clean build by the CLI (`--no-cache`) into `out`; fails the test when the CLI does. On one thread: a
 * reference build needs no speed, and the machine's other core is the test's.
 */
export async function cleanBuildByCli(posts: string, out: string, ...extra: string[]): Promise<void> {
  const cli = contentCli(posts, out, null, '--workers', '1', ...extra)
  const exit = await cli.exited
  expect(exit, `the clean build failed:\n${cli.stdout()}\n${cli.stderr()}`).toEqual({ code: 0, signal: null })
}

/** A hash of the pipeline's and the contract's sources as they are on disk now. */
export function sourcesStamp(): string {
  const hash = createHash('sha256')
  for (const dir of ['src/pipeline', 'src/content']) {
    const root = join(REPO_ROOT, dir)
    const files = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && e.name.endsWith('.ts'))
      .map((e) => join(e.parentPath, e.name))
      .sort()
    for (const file of files) hash.update(file).update(readFileSync(file))
  }
  return hash.digest('hex')
}

/** A line for a failure message when the sources changed since `stamp` was taken; '' when they did not. */
export function sourcesNote(stamp: string): string {
  return sourcesStamp() === stamp ? '' : 'NOTE: the pipeline\'s sources changed on disk meanwhile (someone is editing this tree), so processes started since run other code than this one.\n'
}
