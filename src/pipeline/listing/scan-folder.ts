// A folder's plain files with their size and modification time, stat-ed on two threads. A new process must
// stat every post to know which changed (nothing else can tell an edit in place): at 1,000,000 posts the
// stats took 3.6 s of CPU here, the walk 1.3 s.
//
// The helper thread is started first, so that it boots while this thread walks the folder. This thread
// sends it the names as they are found, a batch of chunks at a time, each batch as one string (cloning
// 1,000,000 strings took 1 s); the helper stats each chunk as soon as it has it, so the walk and the stats
// overlap. At a million posts the helper had waited 1.9 s for the walk to end, while this thread walked for
// 1.1 s and then stat-ed more than its half; the listing took 5.0 to 6.1 s before and 4.5 to 5.1 s after,
// four runs each in turns (a new process's build with nothing changed). The results go to shared memory sized for the files the
// caller expects; each thread takes chunks from its end of a shared list of claims, so this thread waits
// only for the chunk the other is finishing. Files beyond what was expected are this thread's alone. A
// helper that never starts, fails or stalls leaves its chunks to this thread. Synchronous, like the listing
// that calls it.
import { opendirSync, statSync, type Dir } from 'node:fs'
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads'

/** Files per claim: small enough that neither thread waits long for the other at the end. */
const CHUNK = 512
/** Chunks sent to the helper at a time while the walk goes on. */
const BATCH_CHUNKS = 16
/** Below about this many files a second thread costs more to start than it saves. */
const MIN_FILES_FOR_HELPER = 20_000
/** How long this thread waits for a chunk the helper claimed, without any progress, before doing it itself. */
const STALL_MS = 2_000

/**
 * `sync`: [the walk's state (0 walking, 1 done: SENT_CHUNKS is final, -1 nothing more for the helper), chunks
 * the helper finished, chunks sent so far, a count bumped after any of these changes (the helper waits on it)].
 */
const WALK = 0
const DONE = 1
const SENT_CHUNKS = 2
const SEQ = 3

export interface FolderScan {
  /** The plain files the walk found, inside the folder with `/` between folders, in walk order. */
  names: string[]
  /** `[size, mtimeMs]` per name, following symlinks as statSync does; size -1 where no regular file was found. */
  stats: Float64Array
  /** Entries that are neither plain files nor folders (symlinks, FIFOs...), for the caller to look at. */
  others: string[]
  /** Folders inside that could not be read, with the error's code. */
  unreadable: { folder: string; code: string }[]
  /** Whether a helper thread was given files to stat alongside this one. */
  helped: boolean
}

export interface ScanOptions {
  /** Work for this thread once the walk is done, while the helper stats; run once, with or without a helper. */
  meanwhile?: (() => void) | undefined
  /** About how many files the folder holds (the last build's count): a helper is started from MIN_FILES_FOR_HELPER. */
  expected?: number
  /** Start a helper from this many expected files (a parameter for the tests). */
  helperFrom?: number
  /** Files per claim (a parameter for the tests: small chunks make many batches sent during the walk). */
  chunk?: number
}

type Found = Pick<FolderScan, 'names' | 'others' | 'unreadable'>

/**
 * Walks `folder` (ending with its separator) into `into`, calling `grew` after each plain file. A file whose
 * name holds U+FFFD (maybe not valid UTF-8 on disk) goes to `others`, where the caller finds out whether it
 * can be opened; such a folder cannot be read (ENOENT). Entries are taken in the folder's own order:
 * readdirSync sorts them first (libuv's scandir), which took 1.8 s for 1,000,000 names here, against 0.35 s
 * read in order through opendir.
 */
function walk(folder: string, prefix: string, into: Found, grew: () => void): void {
  const folders: string[] = []
  let dir: Dir | undefined
  try {
    dir = opendirSync(folder, { bufferSize: 1024 })
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) {
      if (entry.isDirectory()) folders.push(entry.name)
      else if (entry.isFile() && !entry.name.includes('\uFFFD')) {
        into.names.push(prefix + entry.name)
        grew()
      } else into.others.push(prefix + entry.name)
    }
  } catch (error) {
    if (prefix === '') throw error
    into.unreadable.push({ folder: prefix.slice(0, -1), code: (error as NodeJS.ErrnoException).code ?? String(error) })
  } finally {
    dir?.closeSync()
  }
  for (const name of folders) walk(`${folder}${name}/`, `${prefix}${name}/`, into, grew)
}

/**
 * Stats files `[from, to)` of `names` into `results`, file i at `2 * (i - offset)`. The helper's copy is
 * below, in its source.
 */
function statRange(base: string, names: readonly string[], from: number, to: number, results: Float64Array, offset: number): void {
  for (let i = from; i < to; i++) {
    let st
    try {
      st = statSync(base + (names[i] as string), { throwIfNoEntry: false })
    } catch {
      st = undefined
    }
    const at = 2 * (i - offset)
    if (st?.isFile()) {
      results[at] = st.size
      results[at + 1] = st.mtimeMs
    } else results[at] = -1
  }
}

// The helper: the same stats as statRange, in plain JavaScript, chunk after chunk from the start as their
// names arrive. Per chunk: 0 unclaimed, 1 claimed, 2 done. The first batch brings the shared arrays.
const HELPER = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads')
const { statSync } = require('node:fs')
const { base, sync, port, chunk } = workerData
;(function () {
  const names = []
  let last = false
  let state
  let results
  for (let c = 0; ; c++) {
    // Wait until chunk c has been sent, or the walk has ended (or failed) without it.
    for (;;) {
      const seq = Atomics.load(sync, ${SEQ})
      const walk = Atomics.load(sync, ${WALK})
      if (walk === -1) return
      if (c < Atomics.load(sync, ${SENT_CHUNKS})) break
      if (walk === 1) return
      Atomics.wait(sync, ${SEQ}, seq)
    }
    // Its names came in the batches sent before the count was raised.
    while (!last && names.length < (c + 1) * chunk) {
      const message = receiveMessageOnPort(port)
      if (!message) break
      const batch = message.message
      if (batch.state) { state = batch.state; results = batch.results }
      for (const name of batch.names.split('\\0')) names.push(name)
      last = batch.last
    }
    if (!state || names.length <= c * chunk) return
    // The other thread claims from the end: once a claim fails, every chunk from here on is its.
    if (Atomics.compareExchange(state, c, 0, 1) !== 0) return
    for (let i = c * chunk, end = Math.min(names.length, (c + 1) * chunk); i < end; i++) {
      let st
      try { st = statSync(base + names[i], { throwIfNoEntry: false }) } catch { st = undefined }
      if (st && st.isFile()) { results[2 * i] = st.size; results[2 * i + 1] = st.mtimeMs } else results[2 * i] = -1
    }
    Atomics.store(state, c, 2)
    Atomics.add(sync, ${DONE}, 1)
    Atomics.notify(sync, ${DONE})
  }
})()
`

/**
 * Every plain file under `folder` (a real path ending with its separator) with its stats, and what else is
 * there. Throws only when `folder` itself cannot be read.
 */
export function scanFolder(folder: string, options: ScanOptions = {}): FolderScan {
  const { meanwhile, expected = 0, helperFrom = MIN_FILES_FOR_HELPER, chunk = CHUNK } = options
  const sync = new Int32Array(new SharedArrayBuffer(16))
  const channel = new MessageChannel()
  let helper: Worker | null = null
  if (expected >= helperFrom) {
    try {
      helper = new Worker(HELPER, { eval: true, workerData: { base: folder, sync, port: channel.port2, chunk }, transferList: [channel.port2] })
      // A helper that fails only leaves more for this thread.
      helper.on('error', () => undefined)
      helper.unref()
    } catch {
      helper = null
    }
  }
  // The files the helper may stat: those the caller expects, and an eighth more. Any beyond are this thread's.
  const sharedChunks = helper ? Math.ceil((expected + (expected >> 3) + 1) / chunk) : 0
  const sharedNames = sharedChunks * chunk
  const state = new Int32Array(new SharedArrayBuffer(Math.max(1, sharedChunks) * 4))
  const shared = new Float64Array(new SharedArrayBuffer(sharedNames * 16))
  const found: Found = { names: [], others: [], unreadable: [] }
  const { names } = found
  const sender = helper ? batchSender(channel.port1, sync, names, { state, shared, chunk, sharedNames }) : null
  try {
    walk(folder, '', found, sender ? sender.grew : () => undefined)
  } catch (error) {
    tell(sync, WALK, -1)
    void helper?.terminate()
    throw error
  }
  sender?.end()
  tell(sync, WALK, 1)
  channel.port1.close()
  meanwhile?.()

  const chunks = Math.ceil(names.length / chunk)
  const overflow = new Float64Array(Math.max(0, names.length - sharedNames) * 2)
  const run = (c: number): void => {
    const from = c * chunk
    const to = Math.min(names.length, from + chunk)
    if (c < sharedChunks) {
      statRange(folder, names, from, to, shared, 0)
      Atomics.store(state, c, 2)
    } else statRange(folder, names, from, to, overflow, sharedNames)
  }
  // This thread takes chunks from the end, the helper from the start: they meet in the middle.
  for (let c = chunks - 1; c >= 0; c--) if (c >= sharedChunks || Atomics.compareExchange(state, c, 0, 1) === 0) run(c)
  // Wait for the chunks the helper claimed; one that makes no progress for a while is done here.
  for (let c = 0; c < Math.min(chunks, sharedChunks); c++) {
    while (Atomics.load(state, c) !== 2) {
      const seen = Atomics.load(sync, DONE)
      if (Atomics.wait(sync, DONE, seen, STALL_MS) === 'timed-out' && Atomics.load(state, c) !== 2) {
        run(c)
        break
      }
    }
  }
  void helper?.terminate()
  let stats: Float64Array
  if (sharedNames === 0) stats = overflow
  else if (names.length <= sharedNames) stats = shared.subarray(0, 2 * names.length)
  else {
    stats = new Float64Array(2 * names.length)
    stats.set(shared)
    stats.set(overflow, 2 * sharedNames)
  }
  return { ...found, stats, helped: sender !== null && sender.sent() > 0 }
}

/** Sets `sync[at]` and wakes the helper if it waits for news. */
function tell(sync: Int32Array, at: number, value: number): void {
  Atomics.store(sync, at, value)
  Atomics.add(sync, SEQ, 1)
  Atomics.notify(sync, SEQ)
}

/**
 * Sends the helper the names the walk finds, a batch of whole chunks at a time and the rest when it ends,
 * up to the files it may stat; each batch is in the port before the count of chunks sent says so.
 */
function batchSender(
  port: MessagePort,
  sync: Int32Array,
  names: readonly string[],
  { state, shared, chunk, sharedNames }: { state: Int32Array; shared: Float64Array; chunk: number; sharedNames: number },
): { grew: () => void; end: () => void; sent: () => number } {
  const batch = chunk * BATCH_CHUNKS
  let sent = 0
  let sendAt = Math.min(batch, sharedNames)
  const send = (upTo: number, last: boolean): void => {
    const first = sent === 0
    // One string per batch: no file name holds a NUL.
    port.postMessage({ names: names.slice(sent, upTo).join('\0'), last, ...(first ? { state, results: shared } : {}) })
    sent = upTo
    tell(sync, SENT_CHUNKS, Math.ceil(upTo / chunk))
  }
  return {
    grew: () => {
      if (names.length < sendAt) return
      send(sendAt, sendAt === sharedNames)
      sendAt = sendAt >= sharedNames ? Infinity : Math.min(sendAt + batch, sharedNames)
    },
    end: () => {
      const upTo = Math.min(names.length, sharedNames)
      if (upTo > sent) send(upTo, true)
    },
    sent: () => sent,
  }
}
