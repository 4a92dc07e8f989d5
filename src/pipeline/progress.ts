// One line of progress for a long build on a terminal: posts parsed of the total, files written, time spent
// and time left, redrawn in place (never more than four times a second) and erased at the end, so the
// one-screen summary printed next stands alone. Nothing at all when the stream is not a terminal (cron,
// pipes, log files, tests) or the build is small enough to end before a progress line would help.

/** Where the line is drawn: process.stderr, or a fake in tests. */
export interface ProgressStream {
  readonly isTTY?: boolean
  /** The terminal's width: the line is cut to fit, since a line that wraps cannot be redrawn in place. */
  readonly columns?: number
  write(text: string): unknown
}

export interface ProgressOptions {
  stream: ProgressStream
  /** How many posts the build reads. */
  total: number
  /** The start of the line, e.g. "finews". */
  label: string
  /** No line for fewer posts than this (default 5,000): such a build is over in a few seconds. */
  threshold?: number
  /** Milliseconds from any fixed point (default performance.now); tests pass a clock they move. */
  now?: () => number
  /** The least time between two draws, in milliseconds (default 250). */
  interval?: number
}

export interface Progress {
  /** `n` more posts parsed (or found unchanged). */
  parsed(n: number): void
  /**
   * How many files the build is about to write, once it knows: the time left counts them. Until then it
   * counts one file per post, as a cold build writes.
   */
  planned(files: number): void
  /** `n` more files written. */
  written(n: number): void
  /** Erases the line. Call it before printing the summary, and when the build fails too. */
  done(): void
}

export const PROGRESS_THRESHOLD = 5_000
const INTERVAL_MS = 250
/** No guess at the time left before this much time and work: the first rates are noise. */
const SETTLE_MS = 1_000

const NOTHING: Progress = { parsed() {}, planned() {}, written() {}, done() {} }

/** Erases from the cursor to the end of the line (ECMA-48 EL), after a carriage return to the line's start. */
const RETURN_AND_ERASE = '\r\x1b[K'

const count = new Intl.NumberFormat('en-US')

/** 7 s, 1:05, 1:02:03. */
export function formatDuration(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} s`
  const s = String(seconds % 60).padStart(2, '0')
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}:${s}`
  return `${Math.floor(minutes / 60)}:${String(minutes % 60).padStart(2, '0')}:${s}`
}

export function createProgress(options: ProgressOptions): Progress {
  const { stream, total, label } = options
  if (!stream.isTTY || total < (options.threshold ?? PROGRESS_THRESHOLD)) return NOTHING
  const now = options.now ?? (() => performance.now())
  const interval = options.interval ?? INTERVAL_MS
  const start = now()
  let parsed = 0
  let written = 0
  let planned: number | null = null
  /** When the last post was parsed: the rate of parsing stops there, and writing's starts. */
  let parsedAt: number | null = null
  let drawnAt = -Infinity
  let finished = false

  /** Parsing's remaining time at its own rate, and writing's at its rate once known, else at parsing's. */
  const timeLeft = (at: number): number | null => {
    const elapsed = at - start
    if (elapsed < SETTLE_MS || parsed === 0) return null
    const parseMs = (parsedAt ?? at) - start
    const perPost = parseMs / parsed
    const writeMs = at - (parsedAt ?? at)
    const perFile = written > 0 && writeMs > 0 ? writeMs / written : perPost
    const toWrite = Math.max(0, (planned ?? total) - written)
    return Math.max(0, total - parsed) * perPost + toWrite * perFile
  }

  const line = (at: number): string => {
    const percent = Math.floor((100 * parsed) / Math.max(1, total))
    const parts = [
      `${label}: parsed ${count.format(parsed)} of ${count.format(total)} posts (${percent}%)`,
      `wrote ${count.format(written)}${planned === null ? '' : ` of ${count.format(planned)}`} files`,
      `${formatDuration(at - start)}`,
    ]
    const left = timeLeft(at)
    if (left !== null) parts.push(`about ${formatDuration(left)} left`)
    const text = parts.join(' · ')
    // One column short of the width: writing the last column makes some terminals wrap at once.
    const width = (stream.columns ?? 80) - 1
    return text.length > width ? text.slice(0, Math.max(0, width)) : text
  }

  const draw = (force: boolean): void => {
    if (finished) return
    const at = now()
    if (!force && at - drawnAt < interval) return
    drawnAt = at
    stream.write(`${RETURN_AND_ERASE}${line(at)}`)
  }

  draw(true)
  return {
    parsed(n) {
      parsed += n
      if (parsed >= total && parsedAt === null) parsedAt = now()
      draw(false)
    },
    planned(files) {
      planned = files
      if (parsedAt === null) parsedAt = now()
      draw(false)
    },
    written(n) {
      written += n
      draw(false)
    },
    done() {
      if (finished) return
      finished = true
      stream.write(RETURN_AND_ERASE)
    },
  }
}
