// The size and modification time of many files at once, on two threads. A new process must stat every post
// to know which changed (nothing else can tell an edit in place), and at 100,000 posts that alone took
// 0.6 s of one core here: a second thread halves it. Synchronous, like the listing that calls it: the
// threads share the results in shared memory and take chunks from a shared counter, so this thread waits
// only for the chunk the other is finishing; a helper thread that never starts or dies leaves its chunks to
// this one. The caller's other work (`meanwhile`: the index's signatures) runs on this thread while the
// helper has started on the stats, and the names reach the helper as one string: at 1,000,000 posts, cloning
// them as an array of strings took this thread 1 s.
import { statSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

/** Files per claim: small enough that neither thread waits long for the other at the end. */
const CHUNK = 512
/** Below this many files a second thread costs more to start than it saves. */
export const MIN_FILES_FOR_HELPER = 20_000
/** How long this thread waits for a claimed chunk without any progress before doing it itself. */
const STALL_MS = 2_000

// Per chunk: 0 unclaimed, 1 claimed, 2 done. Results: [size, mtimeMs] per file, size -1 when the stat did
// not find a regular file (the caller looks at those again itself, to say why).
const HELPER = `
const { workerData } = require('node:worker_threads')
const { statSync } = require('node:fs')
const { base, names, chunk, state, results, progress } = workerData
const paths = names.split('\\0')
const chunks = state.length
for (;;) {
  const c = Atomics.add(progress, 1, 1)
  if (c >= chunks || Atomics.compareExchange(state, c, 0, 1) !== 0) { if (c >= chunks) break; continue }
  const end = Math.min(paths.length, (c + 1) * chunk)
  for (let i = c * chunk; i < end; i++) {
    let st
    try { st = statSync(base + paths[i], { throwIfNoEntry: false }) } catch { st = undefined }
    if (st && st.isFile()) { results[2 * i] = st.size; results[2 * i + 1] = st.mtimeMs } else results[2 * i] = -1
  }
  Atomics.store(state, c, 2)
  Atomics.add(progress, 0, 1)
  Atomics.notify(progress, 0)
}
`

function statOne(path: string, results: Float64Array, i: number): void {
  let st
  try {
    st = statSync(path, { throwIfNoEntry: false })
  } catch {
    st = undefined
  }
  if (st?.isFile()) {
    results[2 * i] = st.size
    results[2 * i + 1] = st.mtimeMs
  } else results[2 * i] = -1
}

export interface StatOptions {
  /** Put before every path (a folder and its separator): the paths then travel to the helper shorter. */
  base?: string
  /** A second thread helps from this many paths on (a parameter for the tests). */
  helperFrom?: number
  /** Work for this thread while the helper makes its start on the stats; run once, whatever the count. */
  meanwhile?: (() => void) | undefined
}

/**
 * `[size, mtimeMs]` of each path (following symlinks, as statSync), in order, as pairs in one array; the
 * size is -1 where there was no regular file to stat (gone, a folder, unreadable...).
 */
export function statFiles(paths: readonly string[], options: StatOptions = {}): Float64Array {
  const { base = '', helperFrom = MIN_FILES_FOR_HELPER, meanwhile } = options
  const chunks = Math.ceil(paths.length / CHUNK)
  const results = new Float64Array(new SharedArrayBuffer(paths.length * 2 * 8))
  const state = new Int32Array(new SharedArrayBuffer(Math.max(1, chunks) * 4))
  // [chunks the helper finished, the next chunk the helper looks at]
  const progress = new Int32Array(new SharedArrayBuffer(8))
  let helper: Worker | null = null
  if (paths.length >= helperFrom) {
    try {
      helper = new Worker(HELPER, { eval: true, workerData: { base, names: paths.join('\0') /* no file name holds a NUL */, chunk: CHUNK, state, results, progress } })
      // A helper that fails only leaves more for this thread.
      helper.on('error', () => undefined)
      helper.unref()
    } catch {
      helper = null
    }
  }
  meanwhile?.()
  const run = (c: number): void => {
    const end = Math.min(paths.length, (c + 1) * CHUNK)
    for (let i = c * CHUNK; i < end; i++) statOne(base + (paths[i] as string), results, i)
    Atomics.store(state, c, 2)
  }
  // This thread takes chunks from the end, the helper from the start: they meet in the middle.
  for (let c = chunks - 1; c >= 0; c--) {
    if (Atomics.compareExchange(state, c, 0, 1) === 0) run(c)
  }
  if (helper) {
    // Wait for the chunks the helper claimed; one that makes no progress for a while is done here.
    for (let c = 0; c < chunks; c++) {
      while (Atomics.load(state, c) !== 2) {
        const seen = Atomics.load(progress, 0)
        if (Atomics.wait(progress, 0, seen, STALL_MS) === 'timed-out' && Atomics.load(state, c) !== 2) {
          run(c)
          break
        }
      }
    }
    void helper.terminate()
  }
  return results
}
