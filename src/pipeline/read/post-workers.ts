// Reads posts on every core: this thread and a worker thread per other core each parse batches and write
// their article files (see read-posts.ts). Small jobs (one post changed) run on this thread alone. A worker
// thread that cannot start or dies is reported, and what it was given is read on this thread instead.
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { BUNDLE_DIR } from '../bundle-dir.ts'
import { READ_AHEAD_FROM, readAhead } from './read-ahead.ts'
import { readPosts, type ReadOutcome, type ReadReply, type ReadRequest } from './read-posts.ts'

export type WorkerRequest = ReadRequest & { id: number }
export type WorkerReply = ReadReply & { id: number }

/** How a host, in a worker thread or in this one, answers a request. */
export function answer(request: WorkerRequest): WorkerReply {
  return { ...readPosts(request), id: request.id }
}

const BATCH = 128
/**
 * Batches sent to a worker thread ahead of its replies, so it never waits for this thread to hand it more:
 * this thread also applies each part of what was read (build-content.ts, APPLY_PART), and meanwhile answers
 * no worker. Six batches are 768 posts, about 0.4 s of parsing, against about 0.15 s to apply a part.
 */
const REQUESTS_PER_WORKER = 6
/** This thread's batches are smaller, so the workers' replies are answered promptly. */
const LOCAL_BATCH = 32
/**
 * Below this many files, starting threads costs more than it saves: a parser thread takes about 0.4 s to
 * start on two cores, while this thread parses on. A scraper's 500 new posts took 0.57 to 0.61 s to read
 * with a thread at 100,000 posts, 0.46 to 0.49 s on this one alone.
 */
export const MIN_FILES_FOR_WORKERS = 2_000

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

/**
 * A worker thread of the bundled post worker (post-worker.ts), asked one request at a time by id; `name`
 * says which in the error when it dies (every request it holds is rejected with that error).
 */
export class WorkerThread<Request extends { id: number }, Reply extends { id: number }> {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: (reply: Reply) => void; reject: (error: Error) => void }>()
  #failure: Error | null = null

  constructor(name: string) {
    this.#worker = new Worker(workerBootstrap(), { eval: true })
    this.#worker.on('message', (reply: Reply) => {
      this.#pending.get(reply.id)?.resolve(reply)
      this.#pending.delete(reply.id)
    })
    const fail = (error: Error): void => {
      this.#failure ??= error
      for (const p of this.#pending.values()) p.reject(error)
      this.#pending.clear()
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) => fail(new Error(`the ${name} thread exited with code ${code}`)))
  }

  /** Sends `message`; the buffers in `transfer` are moved to the thread, not copied (they are unusable here after). */
  request(message: Request, transfer: readonly ArrayBuffer[] = []): Promise<Reply> {
    if (this.#failure) return Promise.reject(this.#failure)
    return new Promise((resolve, reject) => {
      this.#pending.set(message.id, { resolve, reject })
      this.#worker.postMessage(message, transfer)
    })
  }

  /** Ends the thread; a request it still holds (a build stopped halfway) is rejected, never left waiting. */
  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit')
    await this.#worker.terminate()
    this.#failure ??= new Error('the thread was closed')
    for (const p of this.#pending.values()) p.reject(this.#failure)
    this.#pending.clear()
  }
}

class ThreadHost extends WorkerThread<WorkerRequest, WorkerReply> implements Host {
  constructor() {
    super('parser')
  }
}

export interface ReadResult {
  /** Files read. */
  read: number
  written: number
  bytes: number
  /** Worker threads that took part. */
  threads: number
  /** What went wrong with a worker thread (its posts were read on this thread instead). */
  problems: string[]
}

/** Where each chunk of `files` ends: every `size` files, the last at the end. */
export function chunkEnds(count: number, size: number, first = size): number[] {
  const ends: number[] = []
  for (let end = Math.max(1, first); end < count; end += Math.max(1, size)) ends.push(end)
  ends.push(count)
  return ends
}

/**
 * Reads `files` (relative to `dir`) in batches handed to whichever host is free, on this thread plus
 * `threads - 1` worker threads when there are enough files to be worth them. Each chunk of files (they end
 * at `ends`) is handed to `consume` as soon as all of it is read, in order, on this thread: the build
 * applies each chunk as soon as it is read (a worker goes on with the batches it holds meanwhile), and no
 * chunk's records outlive it.
 */
export async function readOnEveryCore(
  request: Omit<ReadRequest, 'files'>,
  files: readonly string[],
  threads: number,
  ends: readonly number[],
  consume: (outcomes: ReadOutcome[]) => void,
  onBatch?: (read: number, written: number) => void,
): Promise<ReadResult> {
  const result: ReadResult = { read: 0, written: 0, bytes: 0, threads: 0, problems: [] }
  if (files.length === 0) return result
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
  const stopReading = files.length >= READ_AHEAD_FROM ? readAhead(request.dir, files) : null
  let next = 0
  let nextId = 0
  /** Batches a failed thread was given, read again on this thread. */
  const orphaned: [number, number][] = []
  /** Outcomes read and not yet consumed, by position; how many each chunk still lacks. */
  const held = new Array<ReadOutcome | undefined>(files.length)
  const missing = ends.map((end, i) => end - (i === 0 ? 0 : (ends[i - 1] as number)))
  let chunk = 0
  /** A chunk's consumer threw: every lane stops, and the error is the build's. */
  let failure: { error: unknown } | null = null
  const chunkOf = (position: number): number => {
    let lo = chunk
    let hi = ends.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((ends[mid] as number) > position) hi = mid
      else lo = mid + 1
    }
    return lo
  }
  const take = (reply: ReadReply, start: number): void => {
    reply.outcomes.forEach((outcome, i) => {
      held[start + i] = outcome
      const c = chunkOf(start + i)
      missing[c] = (missing[c] ?? 0) - 1
      if ((missing[c] ?? 0) < 0) throw new Error(`${files[start + i] ?? ''} was read twice`)
    })
    result.read += reply.outcomes.length
    result.written += reply.written
    result.bytes += reply.bytes
    onBatch?.(reply.outcomes.length, reply.written)
    while (chunk < ends.length && missing[chunk] === 0) {
      const begin = chunk === 0 ? 0 : (ends[chunk - 1] as number)
      const end = ends[chunk] as number
      const outcomes = held.slice(begin, end) as ReadOutcome[]
      held.fill(undefined, begin, end)
      chunk++
      consume(outcomes)
    }
  }
  const lane = async (host: Host, size: number): Promise<void> => {
    while (next < files.length && !failure) {
      const start = next
      const end = Math.min(files.length, start + size)
      next = end
      let reply: ReadReply
      try {
        reply = await host.request({ ...request, files: files.slice(start, end), id: nextId++ })
      } catch (error) {
        // This batch's own end: other lanes have moved `next` on meanwhile.
        orphaned.push([start, end])
        const message = `a parser thread failed (${(error as Error).message}); its posts were read on the main thread`
        if (!result.problems.includes(message)) result.problems.push(message)
        return
      }
      if (failure) return
      try {
        take(reply, start)
      } catch (error) {
        failure = { error }
        return
      }
      // This thread's own work is synchronous: let the workers' replies in between batches.
      if (host instanceof LocalHost) await new Promise((resolve) => setImmediate(resolve))
    }
  }
  try {
    await Promise.all(hosts.flatMap((h) => (h instanceof LocalHost ? [lane(h, LOCAL_BATCH)] : Array.from({ length: REQUESTS_PER_WORKER }, () => lane(h, BATCH)))))
    if (failure) throw (failure as { error: unknown }).error
    for (const [start, end] of orphaned) take(readPosts({ ...request, files: files.slice(start, end) }), start)
  } finally {
    await stopReading?.()
    await Promise.all(hosts.map((h) => h.close()))
  }
  return result
}
