// src/pipeline/finews.mjs, the operator's command started with plain node: it bundles the pipeline's TypeScript again
// whenever a source is newer than the bundle, and the bundle does what the TypeScript does under tsx.
import { runCommand, type Run } from './support/run-command.ts'
import { createHash } from 'node:crypto'
import { cpSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const LAUNCHER = join(ROOT, 'src', 'pipeline', 'finews.mjs')
/** Where the launcher keeps the bundles of the project folder `root` (a folder per project folder: see finews.mjs). */
const bundleOf = (root: string): string => join(ROOT, 'node_modules', '.cache', 'finews', 'bin', createHash('sha256').update(root).digest('hex').slice(0, 16))
const BUNDLE = bundleOf(ROOT)
const STAMP = join(BUNDLE, 'built')
const FIXTURE_POSTS = join(ROOT, 'tests', 'fixtures', 'site', '_posts')
/** Long before any checkout: every source is newer than a bundle stamped then. */
const LONG_AGO = new Date('2000-01-01T00:00:00Z')

const temps: string[] = []
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true })
})

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'finews-test-launcher-'))
  temps.push(dir)
  return dir
}


const run = runCommand

const launch = (args: readonly string[], cwd = tempDir()): Promise<Run> => run(process.execPath, [LAUNCHER, ...args], cwd)

const stamped = (): number => statSync(STAMP).mtimeMs

/** The latest change to anything the launcher watches under src/ (file or folder). */
function newestSource(dir = join(ROOT, 'src')): number {
  const stat = statSync(dir)
  let newest = Math.max(stat.mtimeMs, stat.ctimeMs)
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path))
    else newest = Math.max(newest, statSync(path).mtimeMs, statSync(path).ctimeMs)
  }
  return newest
}

function readTree(dir: string, into = new Map<string, string>(), root = dir): Map<string, string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) readTree(path, into, root)
    else into.set(relative(root, path), readFileSync(path, 'utf8'))
  }
  return into
}

describe('the launcher', () => {
  it('bundles the command again when a source is newer than the bundle, and runs it from any folder', async () => {
    try {
      utimesSync(STAMP, LONG_AGO, LONG_AGO)
    } catch {
      // No bundle yet: the launcher builds one all the same.
    }
    const help = await launch(['content', '--help'])
    expect(help.code, help.stderr).toBe(0)
    // The usage that src/pipeline/cli.ts prints, from its main(), which runs only when the bundled module
    // sees itself as the program node started (src/pipeline/run-main.ts), as it does under tsx.
    expect(help.stdout).toMatch(/--posts DIR/)
    expect(help.stdout).toMatch(/--out DIR/)
    expect(stamped()).toBeGreaterThan(LONG_AGO.getTime())
    for (const name of ['cli.mjs', 'build-site.mjs', 'post-worker.mjs']) expect(statSync(join(BUNDLE, name)).size).toBeGreaterThan(0)
  })

  it('starts from the bundle as it is when no source changed since it was built', async () => {
    // Up to date first, whatever state the bundle was in.
    await launch(['content', '--help'])
    const before = stamped()
    const help = await launch(['content', '--help'])
    expect(help.code, help.stderr).toBe(0)
    // Someone may be editing the sources while this runs: a second build is right only after such an edit.
    if (stamped() !== before) expect(newestSource()).toBeGreaterThanOrEqual(before)
  })

  it('writes from the bundle the same data folder that the TypeScript writes under tsx', async () => {
    const bundled = join(tempDir(), 'data')
    const typescript = join(tempDir(), 'data')
    const [fromBundle, fromTsx] = await Promise.all([
      launch(['content', '--posts', FIXTURE_POSTS, '--out', bundled, '--no-cache']),
      run(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'pipeline', 'cli.ts'), '--posts', FIXTURE_POSTS, '--out', typescript, '--no-cache'], ROOT),
    ])
    expect(fromBundle.code, fromBundle.stderr).toBe(fromTsx.code)
    expect(fromBundle.stdout.split('\n').length).toBe(fromTsx.stdout.split('\n').length)
    const written = readTree(bundled)
    expect(written.size).toBeGreaterThan(0)
    expect(written).toEqual(readTree(typescript))
  })

  it('runs each checkout its own sources when checkouts share node_modules through a symlink', async () => {
    // A second checkout of the project, as a deploy's next release: its own sources, whose usage says FOLDER
    // where this one's says DIR, and this checkout's node_modules linked in.
    const other = tempDir()
    const sources = join(other, 'src')
    cpSync(join(ROOT, 'src'), sources, { recursive: true })
    for (const file of ['package.json', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.app.json', 'tsconfig.node.json', 'tsconfig.sw.json']) cpSync(join(ROOT, file), join(other, file))
    symlinkSync(join(ROOT, 'node_modules'), join(other, 'node_modules'), 'dir')
    temps.push(bundleOf(`${realpathSync(other)}/`))
    const cli = join(sources, 'pipeline', 'cli.ts')
    const usage = readFileSync(cli, 'utf8')
    expect(usage).toContain('--posts DIR')
    writeFileSync(cli, usage.replaceAll('--posts DIR', '--posts FOLDER'))
    const otherLauncher = join(sources, 'pipeline', 'finews.mjs')

    // Each in turn, twice: each prints its own usage, whichever bundled last.
    for (let round = 0; round < 2; round++) {
      const theirs = await run(process.execPath, [otherLauncher, 'content', '--help'], tempDir())
      expect(theirs.code, theirs.stderr).toBe(0)
      expect(theirs.stdout).toMatch(/--posts FOLDER/)
      const ours = await launch(['content', '--help'])
      expect(ours.code, ours.stderr).toBe(0)
      expect(ours.stdout).toMatch(/--posts DIR/)
    }
  })

  it('names its commands when given none it knows', async () => {
    const unknown = await launch(['contnet'])
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/contnet/)
    expect(unknown.stderr).toMatch(/content\|build/)
  })
})
