// One build at a time per folder: what a second build does while the first holds the folder, and what is
// left when the holder ends well, is interrupted (SIGINT, SIGTERM) or is killed (SIGKILL).
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { acquireFolderLock, FolderLockedError, LOCK_FILE, type LockHolder } from '../../src/pipeline/folder-lock.ts'
import { removeTempDirs, tempDir } from './support/data-folder.ts'
import { runScript } from './support/script-process.ts'

afterAll(removeTempDirs)

const HOLDER = 'tests/pipeline/support/hold-folder-lock.ts'

function lockHolder(dir: string): LockHolder {
  return JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')) as LockHolder
}

/** A log that resolves `first` with the first line it gets. */
function capture(): { lines: string[]; log: (line: string) => void; first: Promise<string> } {
  const lines: string[] = []
  let got: (line: string) => void = () => undefined
  const first = new Promise<string>((resolve) => (got = resolve))
  return {
    lines,
    first,
    log(line) {
      lines.push(line)
      got(line)
    },
  }
}

describe.concurrent('a folder lock', () => {
  it('makes a second build wait, saying once who holds the folder, and lets it in when the first is done', async () => {
    const dir = tempDir('lock')
    const first = await acquireFolderLock(dir, { purpose: 'first build' })
    expect(lockHolder(dir)).toMatchObject({ pid: process.pid, hostname: hostname(), command: 'first build' })

    const said = capture()
    let secondIn = false
    const second = acquireFolderLock(dir, { purpose: 'second build', log: said.log, pollMs: 5 }).then((lock) => {
      secondIn = true
      return lock
    })
    const line = await said.first
    expect(line).toContain(dir)
    expect(line).toContain(`pid ${process.pid} on ${hostname()}`)
    expect(line).toContain('first build')
    expect(line).toMatch(/waiting/)
    expect(secondIn).toBe(false)

    first.release()
    const lock = await second
    expect(said.lines).toHaveLength(1)
    expect(lockHolder(dir).command).toBe('second build')
    lock.release()
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })

  it('with wait: false refuses at once, naming the holder', async () => {
    const dir = tempDir('lock')
    const first = await acquireFolderLock(dir, { purpose: 'npm run build' })
    const refused = acquireFolderLock(dir, { wait: false, log: () => undefined })
    await expect(refused).rejects.toBeInstanceOf(FolderLockedError)
    await expect(refused).rejects.toThrow(`${dir} is being built by pid ${process.pid} on ${hostname()} ("npm run build"`)
    // The refusal took nothing away from the holder.
    expect(lockHolder(dir).command).toBe('npm run build')
    first.release()
  })

  it('is taken over, with a line saying so, when its holder was killed', async () => {
    const dir = tempDir('lock')
    const holder = runScript(HOLDER, [dir, 'hold'])
    await holder.waitForOutput(/locked/)
    await holder.kill()
    const left = lockHolder(dir)
    expect(left.pid).toBe(holder.pid)

    const said = capture()
    const lock = await acquireFolderLock(dir, { log: said.log })
    expect(said.lines).toEqual([
      `${dir}: taking over the lock of pid ${holder.pid} on ${hostname()} ("test holder (hold)", since ${left.startedAt}), which is no longer running`,
    ])
    expect(lockHolder(dir).pid).toBe(process.pid)
    lock.release()
  })

  it('is taken over when its pid is ours but from an earlier process (a container restarted)', async () => {
    const dir = tempDir('lock')
    const earlier: LockHolder = {
      pid: process.pid,
      hostname: hostname(),
      startedAt: '2026-01-02T03:04:05.000Z',
      command: 'npm run build',
      processStart: 'an earlier process',
      token: 'earlier',
    }
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(earlier))
    const said = capture()
    const lock = await acquireFolderLock(dir, { log: said.log })
    expect(said.lines).toEqual([`${dir}: taking over the lock of pid ${process.pid} on ${hostname()} ("npm run build", since 2026-01-02T03:04:05.000Z), which is no longer running`])
    lock.release()
  })

  it('left empty by a holder killed while writing it is waited for a moment, then taken over', async () => {
    const dir = tempDir('lock')
    const path = join(dir, LOCK_FILE)
    writeFileSync(path, '')
    // Just created: its holder may be writing it this instant.
    await expect(acquireFolderLock(dir, { wait: false })).rejects.toThrow('a build whose lock file is still being written')
    // A minute old and still empty: its holder died between creating and writing it.
    const minuteAgo = new Date(Date.now() - 60_000)
    utimesSync(path, minuteAgo, minuteAgo)
    const said = capture()
    const lock = await acquireFolderLock(dir, { wait: false, log: said.log })
    expect(said.lines).toEqual([`${dir}: taking over an unreadable lock file, left by a build killed as it took the folder`])
    expect(lockHolder(dir).pid).toBe(process.pid)
    lock.release()
  })

  it.for(['SIGINT', 'SIGTERM'] as const)('is released when its holder is stopped with %s', async (signal) => {
    const dir = tempDir('lock')
    const holder = runScript(HOLDER, [dir, 'hold'])
    await holder.waitForOutput(/locked/)
    holder.child.kill(signal)
    // The process still ends as the signal ends it, with no lock left behind.
    expect(await holder.exited).toEqual({ code: null, signal })
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })

  it('is released when its holder exits without releasing it', async () => {
    const dir = tempDir('lock')
    const holder = runScript(HOLDER, [dir, 'exit'])
    expect(await holder.exited).toEqual({ code: 0, signal: null })
    expect(holder.stdout()).toContain('locked')
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })

  it('held from another host is waited for (or refused) with the file to delete if that build is gone', async () => {
    const dir = tempDir('lock')
    const remote: LockHolder = {
      pid: 4242,
      hostname: 'build-2.example',
      startedAt: '2026-01-02T03:04:05.000Z',
      command: 'npm run build',
      processStart: null,
      token: 'remote',
    }
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify(remote))
    const path = join(dir, LOCK_FILE)
    await expect(acquireFolderLock(dir, { wait: false })).rejects.toThrow(
      `${dir} is being built by pid 4242 on build-2.example ("npm run build", since 2026-01-02T03:04:05.000Z); not waiting for it. If that build is gone for good, delete ${path}.`,
    )

    const said = capture()
    const waiting = acquireFolderLock(dir, { log: said.log, pollMs: 5 })
    expect(await said.first).toContain(`If that build is gone for good, delete ${path}.`)
    // The operator deletes it: the waiting build goes on.
    rmSync(path)
    const lock = await waiting
    expect(lockHolder(dir).pid).toBe(process.pid)
    lock.release()
  })

  it('lets only one of several processes in at a time, also when they all find a dead lock', async () => {
    const dir = tempDir('lock')
    const dead = runScript(HOLDER, [dir, 'hold'])
    await dead.waitForOutput(/locked/)
    await dead.kill()

    const holders = Array.from({ length: 4 }, () => runScript(HOLDER, [dir, 'log']))
    const exits = await Promise.all(holders.map((h) => h.exited))
    expect(exits.every((e) => e.code === 0)).toBe(true)
    const turns = readFileSync(join(dir, 'turns'), 'utf8').trim().split('\n')
    // Every "+pid" is followed by its own "-pid": no holder started while another held the folder.
    expect(turns).toHaveLength(8)
    for (let i = 0; i < turns.length; i += 2) expect(turns[i + 1]).toBe(`-${turns[i]?.slice(1)}`)
    // Exactly one of them took over the dead lock and said so.
    const said = holders.filter((h) => h.stderr().includes(`taking over the lock of pid ${dead.pid}`))
    expect(said).toHaveLength(1)
    expect(existsSync(join(dir, LOCK_FILE))).toBe(false)
  })
})
