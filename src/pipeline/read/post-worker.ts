// A worker thread: reads the batches of posts the main thread sends (see read-posts.ts).
import { parentPort } from 'node:worker_threads'
import { answer, type WorkerRequest } from './post-workers.ts'

// For the tests of a worker that dies: the thread exits on its first batch, as a crash would end it.
const crashOnFirstBatch = process.env.FINEWS_TEST_CRASH_WORKER === '1'

parentPort?.on('message', (request: WorkerRequest) => {
  if (crashOnFirstBatch) process.exit(70)
  parentPort?.postMessage(answer(request))
})
