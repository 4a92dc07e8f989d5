// The command an operator runs (`npm run content`, that is `node src/pipeline/finews.mjs content`): its exit codes,
// its report file and what it prints.
import { spawn, type ChildProcess } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { runCommand, type Run } from './support/run-command.ts'
import { REPO_ROOT } from './support/repo-root.ts'
import { copyDir, DataFolder, FIXTURE_POSTS, removeTempDirs, tempDir } from './support/data-folder.ts'
import { listFilesDeep } from './support/raw-post.ts'

/** Watchers a failed test left running are stopped with the file's tests. */
const watchers = new Set<ChildProcess>()
afterAll(() => {
  for (const child of watchers) child.kill('SIGKILL')
  removeTempDirs()
})


/** What `npm run content` runs, without npm in between. */
const COMMAND = [join(REPO_ROOT, 'src', 'pipeline', 'finews.mjs'), 'content']

const runCli = (args: readonly string[]): Promise<Run> => runCommand(process.execPath, [...COMMAND, ...args], REPO_ROOT)

interface ReportFile {
  read: number
  written: number
  salvaged: { file: string; reasons: string[] }[]
  rejected: { file: string; reasons: string[] }[]
  categoryPages: { file: string; reasons: string[] }[]
}

function readReport(path: string): ReportFile {
  return JSON.parse(readFileSync(path, 'utf8')) as ReportFile
}

describe.concurrent('the content command on the fixture site', () => {
  it('exits 0, writes the data folder and a report that accounts for every file', async () => {
    const out = join(tempDir('cli'), 'data')
    const report = join(tempDir('cli'), 'nested', 'report.json')
    const run = await runCli(['--posts', FIXTURE_POSTS, '--out', out, '--report', report, '--no-cache'])
    expect(run.code, run.stderr).toBe(0)
    const r = readReport(report)
    const files = listFilesDeep(FIXTURE_POSTS)
    expect(r.read).toBe(files.length)
    expect(r.written + r.rejected.length).toBe(r.read)
    expect(new DataFolder(out).manifest.counts.articles).toBe(r.written)
    expect(run.stdout).toContain(`read ${files.length} files`)
    expect(run.stdout).toContain(`wrote ${r.written} articles`)
  })

  it('reports each rejected file by name with its reasons', async () => {
    const report = join(tempDir('cli'), 'report.json')
    await runCli(['--posts', FIXTURE_POSTS, '--out', tempDir('out'), '--report', report, '--no-cache'])
    const rejected = new Map(readReport(report).rejected.map((r) => [r.file, r.reasons.join(' ')]))
    expect([...rejected.keys()].sort()).toEqual(
      ['-202303060000000108.md', '2023-03-07-202303070000000109.md', '2023-03-08-202303080000000110.md', '2023-03-08-202303080000000111.md', 'notes.txt'].sort(),
    )
    expect(rejected.get('-202303060000000108.md')).toMatch(/same id "202303060000000108" as 2023-03-06-202303060000000108\.md/)
    expect(rejected.get('2023-03-08-202303080000000110.md')).toMatch(/YAML/)
    expect(rejected.get('2023-03-08-202303080000000111.md')).toMatch(/front matter/)
    expect(rejected.get('notes.txt')).toMatch(/not a post/)
    expect(rejected.get('2023-03-07-202303070000000109.md')).toMatch(/no text/)
  })

  it('reports salvaged posts with what was made up, and category pages it could not use', async () => {
    const report = join(tempDir('cli'), 'report.json')
    await runCli(['--posts', FIXTURE_POSTS, '--out', tempDir('out'), '--report', report, '--no-cache'])
    const r = readReport(report)
    const salvaged = new Map(r.salvaged.map((s) => [s.file, s.reasons.join(' ')]))
    expect(salvaged.get('2023-03-04-202303040000000106.md')).toMatch(/title.*summary/)
    expect(salvaged.get('2023-03-05-202303050000000107.md')).toMatch(/2023-02-30.*2023-03-05/)
    expect(salvaged.get('2023-03-09-202303090000000113.md')).toMatch(/title.*body/)
    // The category folder beside --posts is used without being named.
    expect(r.categoryPages.map((p) => p.file)).toEqual(['broken.html'])
  })

  it('reuses its index on a second run', async () => {
    const args = ['--posts', FIXTURE_POSTS, '--out', tempDir('out'), '--cache', tempDir('cache')]
    expect((await runCli(args)).code).toBe(0)
    const second = await runCli(args)
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/\bparsed 0\b/)
    expect(second.stdout).toMatch(new RegExp(`\\b${listFilesDeep(FIXTURE_POSTS).length} unchanged\\b`))
  })
})

describe.concurrent('the content command refuses to run without what it needs', () => {
  it('exits non-zero without --posts, saying how to call it, and writes nothing', async () => {
    const out = join(tempDir('cli'), 'data')
    const run = await runCli(['--out', out])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/--posts/)
    expect(run.stderr).toMatch(/usage/)
    expect(existsSync(out)).toBe(false)
  })

  it('exits non-zero without --out', async () => {
    const run = await runCli(['--posts', FIXTURE_POSTS])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/--out/)
  })

  it('exits non-zero on an unknown flag', async () => {
    const out = join(tempDir('cli'), 'data')
    const run = await runCli(['--posts', FIXTURE_POSTS, '--out', out, '--frobnicate'])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/frobnicate/)
    expect(existsSync(out)).toBe(false)
  })

  it('exits non-zero when the posts folder does not exist', async () => {
    const run = await runCli(['--posts', join(tempDir('cli'), 'missing'), '--out', join(tempDir('cli'), 'data')])
    expect(run.code).not.toBe(0)
    expect(run.stderr).toMatch(/no such folder/)
  })

  it('exits non-zero on a worker count that is not a whole number above 0', async () => {
    for (const workers of ['0', 'two', '1.5']) {
      const run = await runCli(['--posts', FIXTURE_POSTS, '--out', tempDir('out'), '--workers', workers])
      expect(run.code, workers).not.toBe(0)
    }
  })

  it('prints its usage and exits 0 for --help', async () => {
    const run = await runCli(['--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/usage/)
  })

  it('exits non-zero when nothing could be written, and still reports why', async () => {
    const posts = tempDir('posts')
    for (const f of ['notes.txt', '2023-03-08-202303080000000110.md', '2023-03-07-202303070000000109.md']) copyFileSync(join(FIXTURE_POSTS, f), join(posts, f))
    const report = join(tempDir('cli'), 'report.json')
    const run = await runCli(['--posts', posts, '--out', tempDir('out'), '--report', report, '--no-cache'])
    expect(run.code).not.toBe(0)
    const r = readReport(report)
    expect(r.written).toBe(0)
    expect(r.rejected.map((x) => x.file).sort()).toEqual(['2023-03-07-202303070000000109.md', '2023-03-08-202303080000000110.md', 'notes.txt'])
  })

  it('exits non-zero for an empty posts folder', async () => {
    const posts = join(tempDir('posts'), '_posts')
    mkdirSync(posts)
    const run = await runCli(['--posts', posts, '--out', tempDir('out'), '--no-cache'])
    expect(run.code).not.toBe(0)
  })

  it('exits 0 when one post is written beside rejected files', async () => {
    const posts = tempDir('posts')
    copyFileSync(join(FIXTURE_POSTS, 'notes.txt'), join(posts, 'notes.txt'))
    writeFileSync(join(posts, '2023-03-10-202303100000000115.md'), '---\ntitle: "云梯控股股东大会"\ndate: 2023-03-10 10:00:00 +0800\ncategories: emnews\n---\n<p>股东大会审议通过全部议案。</p>\n')
    const run = await runCli(['--posts', posts, '--out', tempDir('out'), '--no-cache'])
    expect(run.code, run.stderr).toBe(0)
  })
})

/** `--watch` in its own process: what it printed so far, waiting for a line, and Ctrl-C. */
function startWatching(args: readonly string[], cwd = REPO_ROOT): { output: () => string; waitFor: (pattern: RegExp) => Promise<void>; interrupt: () => Promise<number | null> } {
  // Node itself (not npm) so that Ctrl-C reaches the command.
  const child = spawn(process.execPath, [...COMMAND, ...args, '--watch'], {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0' },
  })
  watchers.add(child)
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const exited = new Promise<number | null>((resolve) =>
    child.on('close', (code) => {
      watchers.delete(child)
      resolve(code)
    }),
  )
  return {
    output: () => output,
    waitFor: (pattern) => until(() => pattern.test(output), () => `no ${String(pattern)} in:\n${output}`),
    interrupt: () => {
      child.kill('SIGINT')
      return exited
    },
  }
}

/** Polls until `done`, failing with `explain()` after 30 s. */
async function until(done: () => boolean, explain: () => string): Promise<void> {
  for (const started = Date.now(); !done(); await new Promise((resolve) => setTimeout(resolve, 50))) {
    if (Date.now() - started > 30_000) throw new Error(explain())
  }
}

describe('the content command with --watch', () => {
  it('brings the data folder up to date as posts come and go, committing its index after every rebuild', async () => {
    const posts = copyDir(FIXTURE_POSTS, join(tempDir('site'), '_posts'))
    const out = tempDir('out')
    const cache = tempDir('cache')
    const report = join(tempDir('cli'), 'report.json')
    const watching = startWatching(['--posts', posts, '--out', out, '--cache', cache, '--report', report])
    await watching.waitFor(/watching .* for changes/)
    // The folder is read while the watcher rebuilds it: a file the manifest just read names may be removed
    // as the next manifest replaces it (what it replaced goes after the swap). Such a read is taken again.
    const ids = (): string[] => {
      for (let attempt = 1; ; attempt++) {
        try {
          return new DataFolder(out).allArticleIds()
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || attempt === 20) throw error
        }
      }
    }
    const first = ids()
    expect(first).toContain('202303010000000101')

    const added = '2023-03-20-202303200000000120.md'
    writeFileSync(join(posts, added), '---\ntitle: "蓝鲸新材发布季度报告"\ndate: 2023-03-20 09:30:00 +0800\ncategories: emnews\n---\n<p>营收同比增长。</p>\n')
    await until(() => ids().includes('202303200000000120'), () => watching.output())
    expect(new DataFolder(out).article('202303200000000120').title).toBe('蓝鲸新材发布季度报告')
    await watching.waitFor(/wrote \d+ articles.*rebuilt in/)

    rmSync(join(posts, '2023-03-01-202303010000000101.md'))
    await until(() => !ids().includes('202303010000000101'), () => watching.output())
    // A new folder of posts is read, and so is a post added to it later.
    const folder = join(posts, '2023')
    mkdirSync(folder)
    const post = (title: string): string => `---\ntitle: "${title}"\ndate: 2023-03-21 09:30:00 +0800\ncategories: emnews\n---\n<p>${title}。</p>\n`
    writeFileSync(join(folder, '2023-03-21-202303210000000121.md'), post('云梯控股发布公告'))
    // Seen by the build that watched the new folder: the next post there is a change of its own.
    await until(() => ids().includes('202303210000000121'), () => watching.output())
    writeFileSync(join(folder, '2023-03-21-202303210000000122.md'), post('云梯控股再发公告'))
    await until(() => ids().includes('202303210000000122'), () => watching.output())
    const expected = [...first.filter((id) => id !== '202303010000000101'), '202303200000000120', '202303210000000121', '202303210000000122']
    expect(ids().sort()).toEqual(expected.sort())

    // The report follows the rebuilds. (The command writes it in place, so a poll may catch it half written:
    // that read does not count.)
    const reportRead = (): number | null => {
      try {
        return readReport(report).read
      } catch {
        return null
      }
    }
    await until(() => reportRead() === listFilesDeep(posts).length, () => readFileSync(report, 'utf8'))

    // The index is committed after each rebuild, not saved on the way out: a plain run while the watcher
    // still runs finds every post in it.
    const meanwhile = await runCli(['--posts', posts, '--out', out, '--cache', cache])
    expect(meanwhile.code, meanwhile.stderr).toBe(0)
    expect(meanwhile.stdout).toMatch(/\bparsed 0\b/)
    expect(meanwhile.stdout).toMatch(new RegExp(`\\b${listFilesDeep(posts).length} unchanged\\b`))
    expect(new DataFolder(out).allArticleIds().sort()).toEqual(expected.sort())
    expect(await watching.interrupt()).toBe(0)
  })
  it('sees a new post when its folders are named relative to the working directory', async () => {
    const site = tempDir('site')
    copyDir(FIXTURE_POSTS, join(site, '_posts'))
    const watching = startWatching(['--posts', '_posts', '--out', 'data', '--cache', 'cache'], site)
    await watching.waitFor(/watching .* for changes/)
    writeFileSync(join(site, '_posts', '2023-03-20-202303200000000120.md'), '---\ntitle: "蓝鲸新材发布季度报告"\ndate: 2023-03-20 09:30:00 +0800\ncategories: emnews\n---\n<p>营收同比增长。</p>\n')
    await watching.waitFor(/wrote \d+ articles.*rebuilt in/)
    expect(new DataFolder(join(site, 'data')).article('202303200000000120').title).toBe('蓝鲸新材发布季度报告')
    expect(await watching.interrupt()).toBe(0)
  })
})

describeCorpus('the content command on the real corpus', () => {
  it('exits 0 and reports the broken twin of 2022-05-26-202205262391921712.md with its reasons', async () => {
    const report = join(tempDir('cli'), 'report.json')
    const run = await runCli(['--posts', CORPUS_POSTS, '--out', tempDir('out'), '--report', report, '--no-cache'])
    expect(run.code, run.stderr).toBe(0)
    const r = readReport(report)
    expect(r.read).toBe(listFilesDeep(CORPUS_POSTS).length)
    expect(r.written + r.rejected.length).toBe(r.read)
    const twin = r.rejected.find((x) => x.file === '-202205262391921712.md')
    expect(twin?.reasons.join(' ')).toContain('2022-05-26-202205262391921712.md')
    expect(twin?.reasons.join(' ')).toMatch(/date/)
    expect(twin?.reasons.join(' ')).toMatch(/title/)
    expect(r.categoryPages).toEqual([])
  })
})
