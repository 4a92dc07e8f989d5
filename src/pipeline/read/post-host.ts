// Where posts are parsed and their article files written: inside a worker thread, or in this thread for
// small jobs. A host keeps the bodies of the posts it parsed, so they never cross between threads: the
// main thread gets the small records it needs for feeds and sends back where each article goes.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { articleBytes, articleCore, toRecord, type ArticleJob, type PostRecord } from '../outputs/article-files.ts'
import { hashText, parsePost, type ParsedPost } from './parse-post.ts'

export type RecordOutcome =
  | { status: 'ok'; post: PostRecord }
  | { status: 'rejected'; file: string; inputHash: string; reasons: string[] }

export interface WriteResult {
  written: number
  bytes: number
  /** Files that could not be parsed again when their article had to be rewritten. */
  failed: string[]
}

/** Reads and parses one file; an unreadable or unparseable file becomes a rejection, never a crash. */
function parseFile(dir: string, file: string): { status: 'ok'; post: ParsedPost } | Extract<RecordOutcome, { status: 'rejected' }> {
  let text: string
  try {
    text = readFileSync(join(dir, file), 'utf8')
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

export class PostHost {
  /**
   * Each parsed post's article JSON but for its path and neighbours (see articleCore), as UTF-8 outside
   * the JavaScript heap: held until the write, these are most of a host's memory, and the garbage
   * collector would otherwise copy and walk them over and over while the posts are parsed.
   */
  readonly #cores = new Map<string, Buffer>()

  parse(dir: string, files: readonly string[]): RecordOutcome[] {
    return files.map((file) => {
      const outcome = parseFile(dir, file)
      if (outcome.status !== 'ok') return outcome
      this.#cores.set(file, Buffer.from(articleCore(outcome.post)))
      return { status: 'ok', post: toRecord(outcome.post) }
    })
  }

  write(dir: string, out: string, jobs: readonly ArticleJob[]): WriteResult {
    const result: WriteResult = { written: 0, bytes: 0, failed: [] }
    const madeDirs = new Set<string>()
    for (const job of jobs) {
      let core = this.#cores.get(job.file)
      if (core === undefined) {
        // Parsed in an earlier build (its record came from the cache): read it again for its body.
        const again = parseFile(dir, job.file)
        if (again.status !== 'ok') {
          result.failed.push(job.file)
          continue
        }
        core = Buffer.from(articleCore(again.post))
      }
      const bytes = articleBytes(core, job)
      const target = join(out, job.path)
      const parent = dirname(target)
      if (!madeDirs.has(parent)) {
        mkdirSync(parent, { recursive: true })
        madeDirs.add(parent)
      }
      writeFileSync(target, bytes)
      result.written++
      result.bytes += bytes.length
    }
    return result
  }

  /** Lets go of the bodies (this thread's host, when the build is done). */
  forget(): void {
    this.#cores.clear()
  }
}
