// Reads posts on every core: this thread and a worker thread per other core each parse batches and write
// their article files (see read-posts.ts). Small jobs (one post changed) run on this thread alone. A worker
// thread that cannot start or dies is reported, and what it was given is read on this thread instead.
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { BUNDLE_DIR } from '../bundle-dir.ts'
import { readAhead } from './read-ahead.ts'
import { readPosts, type ReadOutcome, type ReadReply, type ReadRequest } from './read-posts.ts'

export type WorkerRequest = ReadRequest & { id: number }
export type WorkerReply = ReadReply & { id: number }

/** How a host, in a worker thread or in this one, answers a request. */
export function answer(request: WorkerRequest): WorkerReply {
  return { ...readPosts(request), id: request.id }
}

const BATCH = 128
/** This thread's batches are smaller, so the workers' replies are answered promptly. */
const LOCAL_BATCH = 32
/** Below this many files, starting threads costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 400

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism())
}

/**
 * Bundled (src/pipeline/finews.mjs), a worker thread starts the bundled worker beside this code. From the TypeScript
 * sources, worker threads do not inherit tsx's TypeScript loader, so each one registers it before importing
 * the worker module. (The loader's ESM entry is named in tsx's package exports.)
 */
function workerBootstrap(): string {
  if (BUNDLE_DIR !== null) return `import(${JSON.stringify(new URL('post-worker.mjs', BUNDLE_DIR).href)})`
  const tsxApi = new URL('dist/esm/api/index.mjs', pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json'))).href
  const worker = new URL('./post-worker.ts', import.meta.url).href
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(worker)}) })`
}

interface Host {
  request(message: WorkerRequest): Promise<WorkerReply>
  close(): Promise<void>
}

class LocalHost implements Host {
  request(message: WorkerRequest): Promise<WorkerReply> {
    return Promise.resolve(answer(message))
  }
  close(): Promise<void> {
    return Promise.resolve()
  }
}

class ThreadHost implements Host {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>()
  #failure: Error | null = null

  constructor() {
    this.#worker = new Worker(workerBootstrap(), { eval: true })
    this.#worker.on('message', (reply: WorkerReply) => {
      this.#pending.get(reply.id)?.resolve(reply)
      this.#pending.delete(reply.id)
    })
    const fail = (error: Error): void => {
      this.#failure ??= error
      for (const p of this.#pending.values()) p.reject(error)
      this.#pending.clear()
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) => fail(new Error(`the parser thread exited with code ${code}`)))
  }

  request(message: WorkerRequest): Promise<WorkerReply> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise((resolve, reject) => {
      this.#pending.set(message.id, { resolve, reject })
      this.#worker.postMessage(message)
    })
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit')
    await this.#worker.terminate()
  }
}

export interface ReadResult {
  /** In the order of the files asked for. */
  outcomes: ReadOutcome[]
  written: number
  bytes: number
  /** Worker threads that took part. */
  threads: number
  /** What went wrong with a worker thread (its posts were read on this thread instead). */
  problems: string[]
}

/**
 * Reads `files` (relative to `dir`) in batches handed to whichever host is free, on this thread plus
 * `threads - 1` worker threads when there are enough files to be worth them.
 */
export async function readOnEveryCore(
  request: Omit<ReadRequest, 'files'>,
  files: readonly string[],
  threads: number,
  onBatch?: (read: number, written: number) => void,
): Promise<ReadResult> {
  const result: ReadResult = { outcomes: new Array<ReadOutcome>(files.length), written: 0, bytes: 0, threads: 0, problems: [] }
  const hosts: Host[] = [new LocalHost()]
  if (files.length >= MIN_FILES_FOR_WORKERS) {
    for (let i = 1; i < threads; i++) {
      try {
        hosts.push(new ThreadHost())
      } catch (error) {
        result.problems.push(`a parser thread could not start: ${(error as Error).message}`)
      }
    }
  }
  result.threads = hosts.length - 1
  const stopReading = files.length >= MIN_FILES_FOR_WORKERS ? readAhead(request.dir, files) : null
  let next = 0
  let nextId = 0
  /** Batches a failed thread was given, read again on this thread. */
  const orphaned: [number, number][] = []
  const take = (reply: ReadReply, start: number): void => {
    reply.outcomes.forEach((outcome, i) => (result.outcomes[start + i] = outcome))
    result.written += reply.written
    result.bytes += reply.bytes
    onBatch?.(reply.outcomes.length, reply.written)
  }
  const lane = async (host: Host, size: number): Promise<void> => {
    while (next < files.length) {
      const start = next
      next = Math.min(files.length, start + size)
      try {
        take(await host.request({ ...request, files: files.slice(start, next), id: nextId++ }), start)
      } catch (error) {
        orphaned.push([start, next])
        const message = `a parser thread failed (${(error as Error).message}); its posts were read on the main thread`
        if (!result.problems.includes(message)) result.problems.push(message)
        return
      }
      // This thread's own work is synchronous: let the workers' replies in between batches.
      if (host instanceof LocalHost) await new Promise((resolve) => setImmediate(resolve))
    }
  }
  try {
    // Two requests in flight per worker, so a worker never waits for this thread to hand it more.
    await Promise.all(hosts.flatMap((h) => (h instanceof LocalHost ? [lane(h, LOCAL_BATCH)] : [lane(h, BATCH), lane(h, BATCH)])))
    for (const [start, end] of orphaned) take(readPosts({ ...request, files: files.slice(start, end) }), start)
  } finally {
    await stopReading?.()
    await Promise.all(hosts.map((h) => h.close()))
  }
  return result
}
