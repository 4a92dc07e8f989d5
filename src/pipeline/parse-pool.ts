// Parses post files on every core: a pool of worker threads takes batches of files as it frees up.
// Small jobs (the dev server's one-post rebuilds) and hosts that cannot start a TypeScript worker parse
// in this thread instead; the result is the same either way.
import { readFileSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { hashText, parsePost, type PostOutcome } from './parse-post'

const BATCH = 128
/** Below this many files, starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 400

type ReadText = (path: string, encoding: 'utf8') => string

/** Reads and parses one file; an unreadable or unparseable file becomes a rejection, never a crash. */
export function parseFile(dir: string, file: string, read: ReadText = readFileSync): PostOutcome {
  let text: string
  try {
    text = read(join(dir, file), 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message
    return { status: 'rejected', file, inputHash: '', reasons: [`cannot read the file (${code})`] }
  }
  try {
    const outcome = parsePost(file, text)
    if (outcome.status === 'ok' && text.includes('\uFFFD')) {
      outcome.post.reasons.push('the file is not valid UTF-8: unreadable characters are shown as �')
    }
    return outcome
  } catch (error) {
    return { status: 'rejected', file, inputHash: hashText(text), reasons: [`could not be parsed: ${(error as Error).message}`] }
  }
}

function parseHere(dir: string, files: readonly string[]): PostOutcome[] {
  return files.map((file) => parseFile(dir, file))
}

export function defaultWorkers(): number {
  return Math.max(1, availableParallelism())
}

/** Parses `files` (relative to `dir`), keeping their order. */
export async function parseFiles(dir: string, files: readonly string[], workers = defaultWorkers()): Promise<PostOutcome[]> {
  if (workers <= 1 || files.length < MIN_FILES_FOR_WORKERS) return parseHere(dir, files)
  const pool: Worker[] = []
  try {
    for (let i = 0; i < workers; i++) pool.push(new Worker(new URL('./parse-worker.ts', import.meta.url)))
  } catch {
    await Promise.all(pool.map((w) => w.terminate()))
    return parseHere(dir, files)
  }
  const results: PostOutcome[] = new Array<PostOutcome>(files.length)
  let nextIndex = 0
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = (): void => {
              if (nextIndex >= files.length) {
                resolve()
                return
              }
              const start = nextIndex
              nextIndex = Math.min(files.length, start + BATCH)
              worker.once('message', (batch: PostOutcome[]) => {
                batch.forEach((outcome, i) => (results[start + i] = outcome))
                send()
              })
              worker.postMessage({ dir, files: files.slice(start, nextIndex) })
            }
            worker.once('error', reject)
            send()
          }),
      ),
    )
  } catch {
    // A worker that cannot start (no TypeScript loader in this process) or dies: parse what is left here.
    for (let i = 0; i < files.length; i++) {
      const file = files[i]
      if (results[i] === undefined && file !== undefined) results[i] = parseFile(dir, file)
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()))
  }
  return results
}
