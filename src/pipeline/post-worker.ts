// A worker thread: a PostHost answering the main thread's parse and write requests.
import { parentPort } from 'node:worker_threads'
import { PostHost } from './post-host.ts'
import type { WorkerRequest, WorkerReply } from './post-workers.ts'

const host = new PostHost()

parentPort?.on('message', (request: WorkerRequest) => {
  let reply: WorkerReply
  if (request.kind === 'parse') reply = { id: request.id, kind: 'parsed', outcomes: host.parse(request.dir, request.files) }
  else if (request.kind === 'write') reply = { id: request.id, kind: 'written', result: host.write(request.dir, request.out, request.jobs) }
  else {
    host.forget()
    reply = { id: request.id, kind: 'forgot' }
  }
  parentPort?.postMessage(reply)
})
