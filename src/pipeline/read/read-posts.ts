// A batch of posts read where it runs (a worker thread or this one): each post parsed, its article file
// written at once (it depends on that post alone), and only the small record sent back. Bodies never
// cross threads and never pile up in memory.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { articleJson, articlePath, toRecord, type PostRecord } from '../outputs/article-files.ts'
import { writeComplete } from '../outputs/output-folder.ts'
import { parseFile } from './post-host.ts'

export interface ReadRequest {
  /** The posts folder and the files (relative to it) to read. */
  dir: string
  files: string[]
  /** The data folder the article files go to. */
  out: string
  /** The folder was empty when the build began: no article file can be there already (no stat needed). */
  fresh: boolean
  /** The parsing code's fingerprint, part of every article file's name. */
  parseKey: string
  /**
   * Ids more than one file claims: their article files are not written here but sent back, to be written
   * only for the post that keeps the id (a rejected twin leaves no file behind).
   */
  contested: string[]
}

/** One file read: a record, or the reasons it was rejected. */
export type ReadOutcome =
  | { file: string; hash: string; record: PostRecord; article?: string }
  | { file: string; hash: string; record: null; reasons: string[] }

export interface ReadReply {
  outcomes: ReadOutcome[]
  written: number
  bytes: number
}

export function readPosts(request: ReadRequest): ReadReply {
  const reply: ReadReply = { outcomes: [], written: 0, bytes: 0 }
  const contested = new Set(request.contested)
  for (const file of request.files) {
    const parsed = parseFile(request.dir, file)
    if (parsed.status !== 'ok') {
      reply.outcomes.push({ file, hash: parsed.inputHash, record: null, reasons: parsed.reasons })
      continue
    }
    const post = parsed.post
    const path = articlePath(post, request.parseKey)
    const target = join(request.out, path)
    let json: string | undefined
    if (request.fresh || !existsSync(target)) {
      try {
        json = articleJson(post, path)
      } catch (error) {
        reply.outcomes.push({ file, hash: post.inputHash, record: null, reasons: [`does not fit the data contract: ${(error as Error).message}`] })
        continue
      }
      if (contested.has(post.id)) {
        reply.outcomes.push({ file, hash: post.inputHash, record: toRecord(post, path), article: json })
        continue
      }
      writeComplete(target, json, request.out)
      reply.written++
      reply.bytes += Buffer.byteLength(json)
    }
    reply.outcomes.push({ file, hash: post.inputHash, record: toRecord(post, path) })
  }
  return reply
}
