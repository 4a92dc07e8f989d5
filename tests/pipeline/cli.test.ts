// The command an operator runs: its exit codes, its report file and what it prints.
import { spawn } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { CORPUS_POSTS, describeCorpus } from './support/corpus.ts'
import { REPO_ROOT } from './support/repo-root.ts'
import { DataFolder, FIXTURE_POSTS, removeTempDirs, tempDir } from './support/data-folder.ts'
import { listFilesDeep } from './support/raw-post.ts'

afterAll(removeTempDirs)

interface Run {
  code: number | null
  stdout: string
  stderr: string
}

function runCli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npx', ['tsx', 'src/pipeline/cli.ts', ...args], { cwd: REPO_ROOT, env: { ...process.env, FORCE_COLOR: '0' } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

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

  it('reuses its cache on a second run', async () => {
    const args = ['--posts', FIXTURE_POSTS, '--out', tempDir('out'), '--cache', tempDir('cache')]
    expect((await runCli(args)).code).toBe(0)
    const second = await runCli(args)
    expect(second.code).toBe(0)
    expect(second.stdout).toMatch(/parsed 0, reused \d+/)
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
