// A worker thread of the parse pool: reads and parses the post files it is sent, in order.
import { parentPort } from 'node:worker_threads'
import { parseFile } from './parse-pool'

export interface ParseJob {
  dir: string
  files: string[]
}

parentPort?.on('message', (job: ParseJob) => {
  parentPort?.postMessage(job.files.map((file) => parseFile(job.dir, file)))
})
