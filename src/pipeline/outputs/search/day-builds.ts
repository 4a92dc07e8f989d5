// Builds the search postings of many days (search-days.ts) on every core: this thread and a worker thread
// per other core each take the next day to build, while this thread hands each segment, as soon as all of
// its days are built, in order, to be merged and written (segment-files.ts): to a worker thread when there
// is one, so that this thread goes on with the next segment's days (or its other work) meanwhile. Workers
// take days of at most the segment after the one being written, and one segment is merged at a time, so
// what is built and not yet written stays about a month. A worker thread that cannot start or dies is
// reported, and what it held is done on this thread instead.
//
// The build runs beside this thread's other work (the feeds and look-ups, build-content.ts), which yields
// now and then: each worker holds a few days ahead, so it goes on building while this thread is busy, and
// this thread only hands segments on until that other work is done (`free`), then builds days too.
import { WorkerThread } from '../../read/post-workers.ts'
import { buildDay, type DayArticle } from './search-days.ts'
import { encodeSegment, type EncodedSegment, type SegmentInput } from './segment-files.ts'

export interface DayRequest {
  kind: 'search-day'
  id: number
  root: string
  rows: readonly DayArticle[]
}

export interface DayReply {
  id: number
  bytes: Uint8Array
}

export interface SegmentRequest {
  kind: 'search-segment'
  id: number
  input: SegmentInput
  writeTo: string | null
}

export interface SegmentReply {
  id: number
  encoded: EncodedSegment
}

export function isDayRequest(message: unknown): message is DayRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'search-day'
}

export function isSegmentRequest(message: unknown): message is SegmentRequest {
  return typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'search-segment'
}

/** What a worker thread answers (the bytes copied to their own buffer, which is moved, not copied, back). */
export function answerDay(request: DayRequest): DayReply {
  return { id: request.id, bytes: buildDay(request.root, request.rows).slice() }
}

export function answerSegment(request: SegmentRequest): SegmentReply {
  return { id: request.id, encoded: encodeSegment(request.input, request.writeTo) }
}

/**
 * Merges a segment and cuts its files (segment-files.ts), on a worker thread when there is one. The input's
 * terms are moved there: should the worker fail, `again` gives them anew, to merge on this thread.
 */
export type SegmentEncoder = (input: SegmentInput, writeTo: string | null, again: () => SegmentInput) => Promise<EncodedSegment>

/** Below this many articles to build, starting threads costs more than it saves. */
export const MIN_ARTICLES_FOR_THREADS = 2000

/**
 * Days sent to a worker ahead of its replies, so that it goes on while this thread writes a feed or a
 * segment (at a million posts a day is about 15,000 articles, 0.3 to 0.6 s of building).
 */
const DAYS_PER_WORKER = 8

/** A worker thread that builds days and merges segments; the ids of its requests are its own. */
class DayThread extends WorkerThread<DayRequest | SegmentRequest, DayReply | SegmentReply> {
  #nextId = 0

  constructor() {
    super('search')
  }

  async build(root: string, rows: readonly DayArticle[]): Promise<Uint8Array> {
    return ((await this.request({ kind: 'search-day', id: this.#nextId++, root, rows })) as DayReply).bytes
  }

  /**
   * The days' terms are moved to the thread, not copied (a month of them is hundreds of megabytes at a
   * million posts): `input.terms` are unusable here after.
   */
  async encode(input: SegmentInput, writeTo: string | null): Promise<EncodedSegment> {
    const terms = input.terms.map((t) => (t.byteOffset === 0 && t.byteLength === t.buffer.byteLength ? t : t.slice()))
    const buffers = [...new Set(terms.map((t) => t.buffer as ArrayBuffer))]
    return ((await this.request({ kind: 'search-segment', id: this.#nextId++, input: { ...input, terms }, writeTo }, buffers)) as SegmentReply).encoded
  }
}

interface Job {
  segment: number
  rows: readonly DayArticle[]
  state: 'waiting' | 'building' | 'built'
  bytes: Uint8Array | null
}

/**
 * Builds the days of `count` segments (`daysOf(i)`: segment i's days, each its articles), handing each
 * segment's built days, in order, to `write` on this thread as soon as they are all built, with the means to
 * merge it; the next segment is handed on once the promise `write` returns has settled. A segment's days
 * are asked for when the first of them is to be built, so about two segments' articles are in memory at a
 * time. `threads` counts this thread; `articles` (how many are to be built) decides whether threads start.
 * Returns what went wrong with a worker thread.
 */
export async function buildDays(
  root: string,
  count: number,
  daysOf: (segment: number) => (readonly DayArticle[])[],
  articles: number,
  threads: number,
  write: (segment: number, days: Uint8Array[], encode: SegmentEncoder) => Promise<void>,
  beside: { stop?: AbortSignal; free?: Promise<void> } = {},
): Promise<string[]> {
  const { stop, free } = beside
  const problems: string[] = []
  const planned: (Job[] | undefined)[] = new Array<Job[] | undefined>(count)
  const jobsOf = (segment: number): Job[] => (planned[segment] ??= daysOf(segment).map((rows): Job => ({ segment, rows, state: 'waiting', bytes: null })))
  const workers: DayThread[] = []
  if (articles >= MIN_ARTICLES_FOR_THREADS) {
    for (let i = 1; i < threads; i++) {
      try {
        workers.push(new DayThread())
      } catch (error) {
        problems.push(`a search thread could not start: ${(error as Error).message}`)
      }
    }
  }
  let current = 0
  // The segment being merged: one at a time, so the next is handed on only once this one is written.
  let writing: Promise<void> = Promise.resolve()
  let merging = false
  // While a worker builds and this thread has other work, this thread leaves the days to the worker.
  let helping = workers.length === 0 || free === undefined
  let finished = false
  let wake: () => void = () => undefined
  let event = new Promise<void>((resolve) => (wake = resolve))
  const signal = (): void => {
    wake()
    event = new Promise<void>((resolve) => (wake = resolve))
  }
  /** Workers that failed: reported once each, and given no more work. */
  const dead = new Set<DayThread>()
  const failed = (worker: DayThread, error: unknown): void => {
    if (dead.has(worker)) return
    dead.add(worker)
    problems.push(`a search thread failed (${(error as Error).message}); what it held was done on the main thread`)
  }
  const nextJob = (upTo: number): Job | undefined => {
    for (let s = current; s <= Math.min(upTo, count - 1); s++) {
      const job = jobsOf(s).find((j) => j.state === 'waiting')
      if (job) return job
    }
    return undefined
  }

  const lane = async (worker: DayThread): Promise<void> => {
    while (!finished) {
      // While a segment is merged the next one's days are built, not the one after (memory: about a month).
      const job = nextJob(merging ? current : current + 1)
      if (!job) {
        await event
        continue
      }
      job.state = 'building'
      try {
        job.bytes = await worker.build(root, job.rows)
        job.state = 'built'
      } catch (error) {
        job.state = 'waiting'
        failed(worker, error)
        signal()
        return
      }
      signal()
    }
  }
  const encode: SegmentEncoder = async (input, writeTo, again) => {
    const alive = workers.filter((w) => !dead.has(w))
    const worker = alive[current % Math.max(1, alive.length)]
    if (!worker) return encodeSegment(input, writeTo)
    try {
      return await worker.encode(input, writeTo)
    } catch (error) {
      failed(worker, error)
      return encodeSegment(again(), writeTo)
    }
  }
  const lanes = workers.flatMap((worker) => Array.from({ length: DAYS_PER_WORKER }, () => lane(worker)))
  stop?.addEventListener('abort', signal)
  void free?.then(() => {
    helping = true
    signal()
  })

  try {
    for (; current < count; current++) {
      const days = jobsOf(current)
      for (;;) {
        stop?.throwIfAborted()
        const job = helping ? days.find((j) => j.state === 'waiting') : undefined
        if (job) {
          job.state = 'building'
          job.bytes = buildDay(root, job.rows)
          job.state = 'built'
          // This thread's own work is synchronous: let the workers' replies in between days.
          await new Promise<void>((resolve) => setImmediate(resolve))
          continue
        }
        if (days.every((j) => j.state === 'built')) break
        await event
      }
      await writing
      stop?.throwIfAborted()
      merging = true
      writing = write(
        current,
        days.map((j) => j.bytes as Uint8Array),
        encode,
      ).finally(() => {
        merging = false
        signal()
      })
      // Its failure is thrown where it is awaited (above, or after the last), never reported as unhandled.
      writing.catch(() => undefined)
      planned[current] = undefined
      signal()
    }
    await writing
  } finally {
    // A segment still being merged is waited for (its worker is needed), whatever stopped this.
    await writing.catch(() => undefined)
    stop?.removeEventListener('abort', signal)
    finished = true
    signal()
    await Promise.all(workers.map((w) => w.close()))
    await Promise.allSettled(lanes)
  }
  return problems
}
