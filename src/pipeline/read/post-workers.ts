// Parses posts and writes article files on every core: this thread and a worker thread per other core
// are each a PostHost that keeps the bodies it parsed, so bodies never cross threads and the feeds are
// built from small records. Small jobs (a dev-server rebuild) run on this thread alone; so does all the
// work in a process where a TypeScript worker cannot start.
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import { BUNDLE_DIR } from '../bundle-dir.ts'
import type { ArticleJob } from '../outputs/article-files.ts'
import { PostHost, type RecordOutcome, type WriteResult } from './post-host.ts'
import { readAhead } from './read-ahead.ts'

export type WorkerRequest =
  | { id: number; kind: 'parse'; dir: string; files: string[] }
  | { id: number; kind: 'write'; dir: string; out: string; jobs: ArticleJob[] }

export type WorkerReply = { id: number; kind: 'parsed'; outcomes: RecordOutcome[] } | { id: number; kind: 'written'; result: WriteResult }

/** How a host, in a worker thread or in this one, answers a request. */
export function answer(host: PostHost, request: WorkerRequest): WorkerReply {
  if (request.kind === 'parse') return { id: request.id, kind: 'parsed', outcomes: host.parse(request.dir, request.files) }
  return { id: request.id, kind: 'written', result: host.write(request.dir, request.out, request.jobs) }
}

/** A request before it is numbered. */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never

const BATCH = 256
/** This thread's batches are smaller, so the workers' replies are answered promptly. */
const LOCAL_BATCH = 64
/** Below this many files, starting threads costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 400

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism())
}

/**
 * Bundled (bin/finews.mjs), a worker thread starts the bundled worker beside this code. From the TypeScript
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
  readonly #host = new PostHost()
  request(message: WorkerRequest): Promise<WorkerReply> {
    return Promise.resolve(answer(this.#host, message))
  }
  close(): Promise<void> {
    this.#host.forget()
    return Promise.resolve()
  }
}

class ThreadHost implements Host {
  readonly #worker: Worker
  readonly #pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void }>()

  constructor() {
    this.#worker = new Worker(workerBootstrap(), { eval: true })
    this.#worker.on('message', (reply: WorkerReply) => {
      this.#pending.get(reply.id)?.resolve(reply)
      this.#pending.delete(reply.id)
    })
    const fail = (error: Error): void => {
      for (const p of this.#pending.values()) p.reject(error)
      this.#pending.clear()
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) => fail(new Error(`parser thread exited (${code})`)))
  }

  request(message: WorkerRequest): Promise<WorkerReply> {
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

export class PostWorkers {
  /** This thread's host first, then the worker threads once there is enough work for them. */
  readonly #hosts: Host[] = [new LocalHost()]
  readonly #threads: number
  /** Set once a worker thread failed to start or died: from then on this thread does the work. */
  #threadsFailed = false
  /** Which host holds the body of each file parsed in this build. */
  readonly #holder = new Map<string, number>()
  #nextId = 0

  private constructor(threads: number) {
    this.#threads = threads
  }

  /**
   * This thread plus `threads - 1` worker threads when there is enough work for them, else this thread
   * alone. This thread parses too, so no core idles while it waits for the workers.
   */
  static create(threads: number, files: number): PostWorkers {
    const workers = new PostWorkers(threads)
    workers.#startThreadsFor(files)
    return workers
  }

  /** Starts the worker threads, unless they run already or `files` posts are too few to be worth them. */
  #startThreadsFor(files: number): void {
    if (this.#threadsFailed || this.#hosts.length > 1 || files < MIN_FILES_FOR_WORKERS) return
    for (let i = 1; i < this.#threads; i++) this.#hosts.push(new ThreadHost())
  }

  async #ask(host: number, message: Unnumbered<WorkerRequest>): Promise<WorkerReply> {
    const h = this.#hosts[host]
    if (!h) throw new Error(`no host ${host}`)
    const reply = await h.request({ ...message, id: this.#nextId++ })
    // This thread's own work is synchronous: let the workers' replies in between batches.
    if (h instanceof LocalHost) await new Promise((resolve) => setImmediate(resolve))
    return reply
  }

  /** Parses `files` (relative to `dir`) in batches handed to whichever host is free; keeps their order. */
  async parse(dir: string, files: readonly string[]): Promise<RecordOutcome[]> {
    const stopReading = files.length >= MIN_FILES_FOR_WORKERS ? readAhead(dir, files) : null
    try {
      return await this.#parseOnHosts(dir, files)
    } catch (error) {
      if (process.env.FINEWS_DEBUG) console.error(error)
      // A thread that cannot start (no TypeScript loader in this process) or dies: do it all here.
      this.#threadsFailed = true
      await Promise.all(this.#hosts.map((h) => h.close()))
      this.#hosts.splice(0, this.#hosts.length, new LocalHost())
      this.#holder.clear()
      return this.#parseOnHosts(dir, files)
    } finally {
      await stopReading?.()
    }
  }

  async #parseOnHosts(dir: string, files: readonly string[]): Promise<RecordOutcome[]> {
    const results = new Array<RecordOutcome>(files.length)
    let next = 0
    const lane = async (host: number, size: number): Promise<void> => {
      while (next < files.length) {
        const start = next
        next = Math.min(files.length, start + size)
        const batch = files.slice(start, next)
        const reply = await this.#ask(host, { kind: 'parse', dir, files: batch })
        if (reply.kind !== 'parsed') throw new Error('unexpected reply from a parser thread')
        reply.outcomes.forEach((outcome, i) => {
          results[start + i] = outcome
          const file = batch[i]
          if (file !== undefined) this.#holder.set(file, host)
        })
      }
    }
    // Two requests in flight per worker, so a worker never waits for this thread to hand it more.
    await Promise.all(
      this.#hosts.flatMap((h, host) => (h instanceof LocalHost ? [lane(host, LOCAL_BATCH)] : [lane(host, BATCH), lane(host, BATCH)])),
    )
    return results
  }

  /**
   * Writes article files, each on the host that holds its post; posts from the cache are read again, spread
   * evenly (with the cache warm and the output folder empty, that is every post: the threads start for
   * them). The workers start at once; `meanwhile` runs on this thread before it writes its own share. A
   * worker that fails leaves its share to this thread, which reads those posts again.
   */
  async writeArticles<T>(dir: string, out: string, jobs: readonly ArticleJob[], meanwhile: () => T): Promise<{ result: WriteResult; value: T }> {
    const again = jobs.filter((job) => !this.#holder.has(job.file)).map((job) => job.file)
    this.#startThreadsFor(again.length)
    const stopReading = again.length >= MIN_FILES_FOR_WORKERS ? readAhead(dir, again) : null
    try {
      return await this.#writeOnHosts(dir, out, jobs, meanwhile)
    } finally {
      await stopReading?.()
    }
  }

  async #writeOnHosts<T>(dir: string, out: string, jobs: readonly ArticleJob[], meanwhile: () => T): Promise<{ result: WriteResult; value: T }> {
    const perHost = this.#hosts.map((): ArticleJob[] => [])
    let spread = 0
    for (const job of jobs) {
      const host = this.#holder.get(job.file) ?? spread++ % this.#hosts.length
      perHost[host]?.push(job)
    }
    const total: WriteResult = { written: 0, bytes: 0, failed: [] }
    const add = (reply: WorkerReply): void => {
      if (reply.kind !== 'written') throw new Error('unexpected reply from a parser thread')
      total.written += reply.result.written
      total.bytes += reply.result.bytes
      total.failed.push(...reply.result.failed)
    }
    const writeHere = async (list: ArticleJob[]): Promise<void> => {
      if (list.length > 0) add(await this.#ask(0, { kind: 'write', dir, out, jobs: list }))
    }
    const remote = perHost.slice(1).map(async (list, i) => {
      if (list.length === 0) return
      try {
        add(await this.#ask(i + 1, { kind: 'write', dir, out, jobs: list }))
      } catch (error) {
        if (process.env.FINEWS_DEBUG) console.error(error)
        this.#threadsFailed = true
        await writeHere(list)
      }
    })
    const value = meanwhile()
    await writeHere(perHost[0] ?? [])
    await Promise.all(remote)
    return { result: total, value }
  }

  async close(): Promise<void> {
    await Promise.all(this.#hosts.map((h) => h.close()))
  }
}
