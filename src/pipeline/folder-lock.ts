// One build at a time per output folder. The lock is a file in the folder, created only if absent (O_EXCL,
// `wx`), holding who took it: pid, host, command, time. A second build waits for the first (saying once who
// holds the folder) or refuses; a lock whose process is gone from this host is taken over, with a line
// saying so. The lock goes away when the build ends: on release(), at exit, on SIGINT and SIGTERM.
import { randomBytes } from 'node:crypto'
import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { setTimeout as delay } from 'node:timers/promises'

/** The lock's file name inside the folder: a dot file, which static hosts do not serve. */
export const LOCK_FILE = '.finews.lock'

/** What a lock file holds. */
export interface LockHolder {
  pid: number
  hostname: string
  /** When the holder took the lock (ISO 8601). */
  startedAt: string
  /** What the holder is doing, for the message a waiting build prints. */
  command: string
  /**
   * The holder process's start time as the kernel counts it (Linux), so that a pid reused by another
   * process after the holder died is not taken for the holder.
   */
  processStart: string | null
  /** Tells this lock from any other, even one with the same pid. */
  token: string
}

export interface FolderLockOptions {
  /** Wait for the holder to finish (the default), or refuse at once with a FolderLockedError. */
  wait?: boolean
  /** What this build is, for the message another build prints while it waits (default: the command line). */
  purpose?: string
  /** Where the lock's lines go: who holds it while we wait, a lock taken over (default: standard error). */
  log?: (line: string) => void
  /** How often a waiting build looks again, in milliseconds. */
  pollMs?: number
}

export interface FolderLock {
  /** The lock file. */
  readonly path: string
  /** Gives the folder back; safe to call twice. */
  release(): void
}

/** Thrown by acquireFolderLock with `wait: false` when another live build holds the folder. */
export class FolderLockedError extends Error {
  readonly holder: LockHolder | null
  constructor(message: string, holder: LockHolder | null) {
    super(message)
    this.name = 'FolderLockedError'
    this.holder = holder
  }
}

const DEFAULT_POLL_MS = 200
/**
 * A lock file without a readable holder is one being written this instant (open, then write) or one whose
 * process was killed between the two; after this long it is taken for the latter.
 */
const UNREADABLE_GRACE_MS = 5_000

/** The locks this process holds, by token: released together at exit or on a signal. */
const heldHere = new Map<string, () => void>()

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | null)?.code
}

/** The kernel's start time of a process (field 22 of /proc/<pid>/stat), or null where there is no /proc. */
function processStartOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return fields[19] ?? null
  } catch {
    return null
  }
}

const MY_START = processStartOf(process.pid)

type Liveness = 'alive' | 'gone' | 'unknown'

function liveness(holder: LockHolder): Liveness {
  if (holder.hostname !== hostname()) return 'unknown'
  // Our own pid: this process (another of its threads, maybe) unless the pid was reused since, as in a
  // container that restarted and numbers its processes from 1 again.
  if (holder.pid === process.pid) return holder.processStart === MY_START ? 'alive' : 'gone'
  try {
    process.kill(holder.pid, 0) // signal 0 only asks whether the process exists
  } catch (error) {
    if (errorCode(error) === 'ESRCH') return 'gone'
    if (errorCode(error) !== 'EPERM') throw error
  }
  const start = processStartOf(holder.pid)
  if (holder.processStart !== null && start !== null && start !== holder.processStart) return 'gone'
  return 'alive'
}

function isLockHolder(value: unknown): value is LockHolder {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return (
    typeof v.pid === 'number' &&
    typeof v.hostname === 'string' &&
    typeof v.startedAt === 'string' &&
    typeof v.command === 'string' &&
    (typeof v.processStart === 'string' || v.processStart === null) &&
    typeof v.token === 'string'
  )
}

interface SeenLock {
  holder: LockHolder | null
  /** Changes whenever the file is replaced: compared before a lock judged dead is removed. */
  identity: string
  ageMs: number
}

/** The lock file as it is now; null when there is none. */
function readLock(path: string): SeenLock | null {
  try {
    const stats = lstatSync(path)
    const text = readFileSync(path, 'utf8')
    let holder: LockHolder | null = null
    try {
      const parsed: unknown = JSON.parse(text)
      if (isLockHolder(parsed)) holder = parsed
    } catch {
      holder = null
    }
    return { holder, identity: `${stats.ino}:${stats.mtimeMs}:${text}`, ageMs: Date.now() - stats.mtimeMs }
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return null
    throw error
  }
}

/** Creates `path` holding `holder` if no file is there; false when one is. */
function createExclusive(path: string, holder: LockHolder): boolean {
  let fd: number
  try {
    fd = openSync(path, 'wx')
  } catch (error) {
    if (errorCode(error) === 'EEXIST') return false
    throw error
  }
  try {
    writeSync(fd, `${JSON.stringify(holder)}\n`)
  } catch (error) {
    closeSync(fd)
    unlinkSync(path)
    throw error
  }
  closeSync(fd)
  return true
}

function removeIfSame(path: string, identity: string): boolean {
  if (readLock(path)?.identity !== identity) return false
  try {
    unlinkSync(path)
    return true
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return false
    throw error
  }
}

function isDead(seen: SeenLock): boolean {
  return seen.holder ? liveness(seen.holder) === 'gone' : seen.ageMs > UNREADABLE_GRACE_MS
}

/**
 * Removes a lock judged dead, unless it changed meanwhile. Two builds that find one dead lock at once must
 * not both take it (the slower one would delete the faster one's new lock): the removal itself is guarded
 * by a second exclusive file, held for the time of one read and one unlink.
 */
function removeDeadLock(path: string, seen: SeenLock, me: LockHolder): boolean {
  const guard = `${path}.takeover`
  if (!createExclusive(guard, me)) {
    // Another build is taking over this instant, or was killed doing so: then its guard goes too.
    const other = readLock(guard)
    if (other && isDead(other)) removeIfSame(guard, other.identity)
    return false
  }
  try {
    return removeIfSame(path, seen.identity)
  } finally {
    unlinkSync(guard)
  }
}

function describe(holder: LockHolder | null): string {
  if (!holder) return 'a build whose lock file is still being written'
  return `pid ${holder.pid} on ${holder.hostname} ("${holder.command}", since ${holder.startedAt})`
}

function exitHandler(): void {
  for (const release of [...heldHere.values()]) release()
}

/**
 * On SIGINT or SIGTERM, with no other listener to shut the process down in its own time, releases every lock
 * and ends the process as the signal would have. Where others listen (a dev server, a watcher), they own
 * the shutdown: their build may still be writing, so the locks go only at exit or on release().
 */
function signalHandler(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return
  exitHandler()
  process.kill(process.pid, signal)
}

function watchProcessEnd(): void {
  if (heldHere.size !== 1) return
  process.on('exit', exitHandler)
  process.on('SIGINT', signalHandler)
  process.on('SIGTERM', signalHandler)
}

function unwatchProcessEnd(): void {
  if (heldHere.size !== 0) return
  process.off('exit', exitHandler)
  process.off('SIGINT', signalHandler)
  process.off('SIGTERM', signalHandler)
}

/**
 * Takes the folder `dir` (created if missing) for one build. Waits while another live build holds it
 * (printing once who that is), or with `wait: false` throws a FolderLockedError naming it. A lock left by a
 * process that is gone from this host is taken over, with a line saying so. A lock held from another host
 * cannot be checked from here: it is waited for, and the message names the file to delete if that build is
 * gone for good.
 */
export async function acquireFolderLock(dir: string, options: FolderLockOptions = {}): Promise<FolderLock> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`))
  mkdirSync(dir, { recursive: true })
  const path = join(dir, LOCK_FILE)
  const me: LockHolder = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
    command: (options.purpose ?? process.argv.slice(1).join(' ')).slice(0, 300),
    processStart: MY_START,
    token: randomBytes(8).toString('hex'),
  }
  let announced = false
  for (;;) {
    if (createExclusive(path, me)) return hold(path, me)
    const seen = readLock(path)
    if (seen === null) continue // released between our attempt and our look: try again now
    if (isDead(seen)) {
      if (removeDeadLock(path, seen, me)) {
        log(
          seen.holder
            ? `${dir}: taking over the lock of ${describe(seen.holder)}, which is no longer running`
            : `${dir}: taking over an unreadable lock file, left by a build killed as it took the folder`,
        )
        continue
      }
    } else {
      const remote = seen.holder !== null && seen.holder.hostname !== me.hostname
      const advice = remote ? ` If that build is gone for good, delete ${path}.` : ''
      if (options.wait === false) {
        throw new FolderLockedError(`${dir} is being built by ${describe(seen.holder)}; not waiting for it.${advice}`, seen.holder)
      }
      if (!announced) {
        log(`${dir} is being built by ${describe(seen.holder)}; waiting for it to finish.${advice}`)
        announced = true
      }
    }
    await delay(options.pollMs ?? DEFAULT_POLL_MS)
  }
}

function hold(path: string, me: LockHolder): FolderLock {
  let released = false
  const release = (): void => {
    if (released) return
    released = true
    heldHere.delete(me.token)
    unwatchProcessEnd()
    // Only our own lock: had it been taken over meanwhile (wrongly judged dead), the new one stays. Gone
    // already (the folder was removed) is as good as released.
    try {
      if (readLock(path)?.holder?.token === me.token) unlinkSync(path)
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') throw error
    }
  }
  heldHere.set(me.token, release)
  watchProcessEnd()
  return { path, release }
}
