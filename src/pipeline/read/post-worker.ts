// A worker thread: reads the batches of posts the main thread sends (see read-posts.ts), and builds the
// search postings of the days it is sent and merges their segments (outputs/search/day-builds.ts).
import { parentPort } from 'node:worker_threads'
import { answer, type WorkerRequest } from './post-workers.ts'
import { answerDay, answerSegment, isDayRequest, isSegmentRequest, type DayRequest, type SegmentRequest } from '../outputs/search/day-builds.ts'

// For the tests of a worker that dies: the thread exits on its first batch, as a crash would end it.
const crashOnFirstBatch = process.env.FINEWS_TEST_CRASH_WORKER === '1'
const crashOnFirstDay = process.env.FINEWS_TEST_CRASH_SEARCH === '1'
// ...or on its first segment, once it has written the segment's files and before it answers.
const crashOnFirstMerge = process.env.FINEWS_TEST_CRASH_SEARCH === 'merge'

parentPort?.on('message', (request: WorkerRequest | DayRequest | SegmentRequest) => {
  if (isSegmentRequest(request)) {
    const reply = answerSegment(request)
    if (crashOnFirstMerge) process.exit(70)
    parentPort?.postMessage(reply)
    return
  }
  if (isDayRequest(request)) {
    if (crashOnFirstDay) process.exit(70)
    const reply = answerDay(request)
    parentPort?.postMessage(reply, [reply.bytes.buffer as ArrayBuffer])
    return
  }
  if (crashOnFirstBatch) process.exit(70)
  parentPort?.postMessage(answer(request))
})
