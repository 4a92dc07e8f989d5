// Renders pages on every core: one worker thread per core, each with its own copy of the server bundle
// (React, the routes, and jsdom for DOMPurify should a body need it), taking routes as they come. A render
// is CPU work of a few milliseconds, so a second core halves a cold build's pages.
//
// A thread costs about 0.2 s to load React and the routes, so a handful of pages (a rebuild after one post)
// renders on this thread, unless the renderers were warmed: the site's build starts the first thread while
// the content is built, once the posts are listed (the listing's own helper thread has the other core
// until then), so that it loads on the core the content build leaves idle and the pages are rendered
// there; this thread loaded the bundle itself before (0.1 s of a 1.2 to 1.3 s one-post build at 100,000
// posts). The other threads start once the build knows it has enough pages for them.
// A thread that cannot start or dies is reported, and its routes are rendered on this thread instead.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'

/** What src/app/server.tsx returns for a route (the pipeline imports no React or app code). */
export interface RenderedPage {
  html: string
  head: string
  state: { queries: { queryKey: readonly unknown[]; state: object }[] }
  status: number
}
interface ServerModule {
  setUpPrerender: (setup: { base: string; readData: (path: string) => Promise<string | null>; makeWindow: () => object }) => (path: string) => Promise<RenderedPage>
}

export interface RendererSetup {
  /** The server bundle of src/app/server.tsx. */
  serverBundle: string
  base: string
  dataDir: string
}

export interface PageRenderers {
  render: (route: string) => Promise<RenderedPage>
  /**
   * Starts the first thread ahead of its pages, to load the bundle while this thread does other work, and
   * to render `route` once, for nothing: a thread's first page costs it more than the others (at 100,000
   * posts, 50 ms of loading Node's fetch alone). Its data may change meanwhile, as a reader's may: the
   * pages it renders after are drawn from theirs as it is then. Settles once that is done (or the thread
   * failed, or none could start).
   */
  warm: (route: string) => Promise<void>
  /**
   * Starts rendering `route` now, while this thread does other work: the next render of it takes this
   * page (its data must be what that render would read). A route already started is not started again.
   */
  ahead: (route: string) => void
  /** Starts every thread when `pages` pages are about to be rendered, enough to be worth them. */
  expect: (pages: number) => void
  /** Threads started so far (0: every page renders on this thread). */
  readonly threads: number
  /** What went wrong with the threads (each thread's error, once), for the build's report. */
  problems: string[]
  close: () => Promise<void>
}

/** Below this many pages a thread costs more to start than it saves (unless it was started ahead). */
export const MIN_PAGES_FOR_THREADS = 200
/** Routes sent ahead to each thread, so it never waits for the next one. */
const AHEAD = 4

const EMPTY_DOCUMENT = '<!doctype html><html><body></body></html>'

function jsdomPath(): string {
  return createRequire(import.meta.url).resolve('jsdom')
}

/**
 * The thread's code, plain CommonJS: it needs nothing of the pipeline's TypeScript, only the bundle (an ES
 * module) and jsdom. Pages are rendered one at a time, since the bundle's query cache is per page.
 */
const THREAD = `
const { parentPort, workerData } = require('node:worker_threads')
const { readFileSync } = require('node:fs')
const { join } = require('node:path')
import(workerData.bundle).then((server) => {
  const setUp = () => server.setUpPrerender({
    base: workerData.base,
    // jsdom is loaded with the first body the server bundle cannot sanitize without it: usually none.
    makeWindow: () => new (require(workerData.jsdom).JSDOM)(${JSON.stringify(EMPTY_DOCUMENT)}).window,
    readData: (path) => {
      try {
        return Promise.resolve(readFileSync(join(workerData.dataDir, path), 'utf8'))
      } catch {
        return Promise.resolve(null)
      }
    },
  })
  // A thread started ahead renders a page once for nothing: a thread's first render loads and compiles what
  // pages need beyond the bundle's own code (Node's fetch among it), and this one is done before its pages
  // come. Its renderer goes with it: a renderer keeps the manifest it read for every page after, and this
  // one read the data of before the build.
  let render = null
  let queue = (workerData.warmUp === null ? Promise.resolve() : setUp()(workerData.warmUp).catch(() => undefined)).then(() => {
    render = setUp()
    parentPort.postMessage({ warmed: true })
  })
  parentPort.on('message', ({ id, route }) => {
    // For the tests of a thread that dies (as the parser threads' FINEWS_TEST_CRASH_WORKER).
    if (process.env.FINEWS_TEST_CRASH_RENDERER === '1') process.exit(70)
    queue = queue.then(() => render(route).then(
      (page) => parentPort.postMessage({ id, page }),
      (error) => parentPort.postMessage({ id, error: error instanceof Error ? (error.stack || error.message) : String(error) }),
    ))
  })
})
`

interface Job {
  route: string
  resolve: (page: RenderedPage) => void
  reject: (error: Error) => void
}

/**
 * A data file's text, or null. Read synchronously: a page's files are a few small ones, and the four trips
 * to libuv's pool of an asynchronous read (open, stat, read, close) left a rendering thread idle (10 to 14 %
 * of an article page's time in three paired runs of `tests/bench/prerender-pages.ts`). The threads' code
 * above does the same.
 */
function readDataFile(dataDir: string, path: string): string | null {
  try {
    return readFileSync(join(dataDir, path), 'utf8')
  } catch {
    return null
  }
}

/** Renders on this thread, one page at a time; the bundle is imported on first use. */
export function localRenderer(setup: RendererSetup): (route: string) => Promise<RenderedPage> {
  let render: Promise<(path: string) => Promise<RenderedPage>> | null = null
  let queue: Promise<unknown> = Promise.resolve()
  return (route) => {
    render ??= (async () => {
      const server = (await import(pathToFileURL(setup.serverBundle).href)) as ServerModule
      // jsdom is loaded with the first body the server bundle cannot sanitize without it: usually none.
      const makeWindow = (): object => {
        const { JSDOM } = createRequire(import.meta.url)('jsdom') as { JSDOM: new (html: string) => { window: object } }
        return new JSDOM(EMPTY_DOCUMENT).window
      }
      return server.setUpPrerender({
        base: setup.base,
        makeWindow,
        readData: (path) => Promise.resolve(readDataFile(setup.dataDir, path)),
      })
    })()
    const page = queue.then(async () => (await (render as Promise<(path: string) => Promise<RenderedPage>>))(route))
    queue = page.catch(() => undefined)
    return page
  }
}

class RenderThread {
  readonly #worker: Worker
  readonly #pending = new Map<number, Job>()
  #next = 0
  failure: Error | null = null
  #warmed: () => void = () => undefined
  /** Settles once the thread has loaded its bundle (and rendered its page for nothing), or has failed. */
  readonly warmed = new Promise<void>((resolve) => (this.#warmed = resolve))

  /** `warmUp`: a route the thread renders once, for nothing, as soon as it has loaded (or null). */
  constructor(setup: RendererSetup, env: NodeJS.ProcessEnv, warmUp: string | null, onFailure: (thread: RenderThread, orphans: Job[]) => void) {
    this.#worker = new Worker(THREAD, {
      eval: true,
      env,
      workerData: { bundle: pathToFileURL(setup.serverBundle).href, jsdom: jsdomPath(), base: setup.base, dataDir: setup.dataDir, warmUp },
    })
    this.#worker.on('message', (reply: { id: number; page?: RenderedPage; error?: string } | { warmed: true }) => {
      if ('warmed' in reply) {
        this.#warmed()
        return
      }
      const job = this.#pending.get(reply.id)
      if (!job) return
      this.#pending.delete(reply.id)
      if (reply.page) job.resolve(reply.page)
      else job.reject(new Error(reply.error ?? `prerender ${job.route}: no page`))
    })
    const fail = (error: Error): void => {
      if (this.failure) return
      this.failure = error
      this.#warmed()
      const orphans = [...this.#pending.values()]
      this.#pending.clear()
      onFailure(this, orphans)
    }
    this.#worker.on('error', fail)
    this.#worker.on('exit', (code) => fail(new Error(`the page-rendering thread exited with code ${code}`)))
  }

  get load(): number {
    return this.#pending.size
  }

  send(job: Job): void {
    const id = this.#next++
    this.#pending.set(id, job)
    this.#worker.postMessage({ id, route: job.route })
  }

  async close(): Promise<void> {
    this.failure ??= new Error('closed')
    await this.#worker.terminate()
  }
}

/**
 * Renderers on up to `threads` threads (default: one per core): the first starts when warmed, all of them
 * when `expect` is told of enough pages; until then, and when `threads` is 0, pages render on this thread
 * (`local`), which also takes over from threads that fail. The threads get the environment as it is now,
 * whenever they start (NODE_ENV chooses React's production or development code).
 */
export function startRenderers(setup: RendererSetup, threads = availableParallelism(), local = localRenderer(setup)): PageRenderers {
  const env = { ...process.env }
  const problems: string[] = []
  const waiting: Job[] = []
  const live: RenderThread[] = []
  const runLocally = (job: Job): void => {
    local(job.route).then(job.resolve, job.reject)
  }
  const pump = (): void => {
    while (waiting.length > 0) {
      const thread = live.filter((t) => t.failure === null && t.load < AHEAD).sort((a, b) => a.load - b.load)[0]
      if (!thread) {
        // Every thread failed (or none was started): this thread renders what is left.
        if (live.every((t) => t.failure !== null)) for (const job of waiting.splice(0)) runLocally(job)
        return
      }
      thread.send(waiting.shift() as Job)
    }
  }
  const onFailure = (thread: RenderThread, orphans: Job[]): void => {
    problems.push(`a page-rendering thread failed (${thread.failure?.message ?? 'unknown'}); its pages were rendered on the main thread`)
    for (const job of orphans) runLocally(job)
    pump()
  }
  let started = 0
  const start = (count: number, warmUp: string | null = null): void => {
    for (; started < Math.min(count, threads); started++) {
      try {
        live.push(new RenderThread(setup, env, warmUp, onFailure))
      } catch (error) {
        problems.push(`a page-rendering thread could not start (${error instanceof Error ? error.message : String(error)})`)
      }
    }
  }
  const enqueue = (route: string): Promise<RenderedPage> =>
    new Promise<RenderedPage>((resolve, reject) => {
      waiting.push({
        route,
        resolve: (page) => {
          resolve(page)
          pump()
        },
        reject: (error) => {
          reject(error)
          pump()
        },
      })
      pump()
    })
  /** Pages started ahead, by route, until their render takes them. */
  const early = new Map<string, Promise<RenderedPage>>()
  return {
    render: (route) => {
      const page = early.get(route)
      early.delete(route)
      return page ?? enqueue(route)
    },
    ahead: (route) => {
      if (early.has(route)) return
      const page = enqueue(route)
      // Its failure is thrown where it is taken, never reported as unhandled meanwhile.
      page.catch(() => undefined)
      early.set(route, page)
    },
    warm: async (route) => {
      start(1, route)
      await live[0]?.warmed
    },
    expect: (pages) => {
      if (pages >= MIN_PAGES_FOR_THREADS) start(threads)
    },
    get threads() {
      return live.length
    },
    problems,
    close: async () => {
      await Promise.all(live.map((t) => t.close()))
    },
  }
}
