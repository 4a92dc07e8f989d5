// A worker thread: a PostHost answering the main thread's parse and write requests.
import { parentPort } from 'node:worker_threads'
import { PostHost } from './post-host.ts'
import { answer, type WorkerRequest } from './post-workers.ts'

const host = new PostHost()

parentPort?.on('message', (request: WorkerRequest) => {
  parentPort?.postMessage(answer(host, request))
})
