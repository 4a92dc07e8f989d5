// A script of the project run in a process of its own (one node process, no npm or tsx wrapper between, so
// that a signal reaches the process doing the work), with its output collected and awaited.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT } from './repo-root.ts'

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface ScriptProcess {
  readonly child: ChildProcessWithoutNullStreams
  readonly pid: number
  stdout(): string
  stderr(): string
  /** Resolves when the output (stdout and stderr) so far matches; rejects when the process ends first. */
  waitForOutput(pattern: RegExp): Promise<void>
  readonly exited: Promise<Exit>
  /** Sends SIGKILL and waits for the process to be gone. */
  kill(): Promise<Exit>
}

/** The environment of this test run without what only the test runner should see. */
function childEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('VITEST') || key === 'NODE_ENV' || key.startsWith('FINEWS_')) continue
    env[key] = value
  }
  return { ...env, FORCE_COLOR: '0', ...extra }
}

/**
 * Runs `script` (a path relative to the project: TypeScript through tsx's loader, JavaScript as it is) with
 * `args` and extra environment variables.
 */
export function runScript(script: string, args: readonly string[] = [], env: Record<string, string> = {}): ScriptProcess {
  const loader = /\.tsx?$/.test(script) ? ['--import', 'tsx'] : []
  const child = spawn(process.execPath, [...loader, join(REPO_ROOT, script), ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
  })
  let out = ''
  let err = ''
  const waiters: { pattern: RegExp; resolve: () => void; reject: (error: Error) => void }[] = []
  const check = (): void => {
    for (const waiter of [...waiters]) {
      if (!waiter.pattern.test(out + err)) continue
      waiters.splice(waiters.indexOf(waiter), 1)
      waiter.resolve()
    }
  }
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString()
    check()
  })
  child.stderr.on('data', (chunk: Buffer) => {
    err += chunk.toString()
    check()
  })
  const exited = new Promise<Exit>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code, signal) => {
      check()
      for (const waiter of waiters.splice(0)) {
        waiter.reject(new Error(`${script} ended (code ${code}, signal ${signal}) before printing ${waiter.pattern}:\n${out}\n${err}`))
      }
      resolve({ code, signal })
    })
  })
  const pid = child.pid
  if (pid === undefined) throw new Error(`${script} did not start`)
  return {
    child,
    pid,
    stdout: () => out,
    stderr: () => err,
    waitForOutput(pattern) {
      if (pattern.test(out + err)) return Promise.resolve()
      if (child.exitCode !== null || child.signalCode !== null) return Promise.reject(new Error(`${script} already ended`))
      return new Promise((resolve, reject) => waiters.push({ pattern, resolve, reject }))
    },
    exited,
    kill() {
      child.kill('SIGKILL')
      return exited
    },
  }
}
