// The progress line an operator sees on a terminal during a long build, read off a fake terminal that
// applies carriage returns and line erasure the way a real one does, with a clock the test moves.
import { describe, expect, it } from 'vitest'
import { createProgress, formatDuration, PROGRESS_THRESHOLD, type ProgressStream } from '../../src/pipeline/progress.ts'

/** A one-line terminal: what it shows, and everything written to it. */
class FakeTerminal implements ProgressStream {
  readonly isTTY: boolean
  readonly columns: number
  writes: string[] = []
  #lines: string[] = ['']
  #cursor = 0

  constructor(isTTY = true, columns = 200) {
    this.isTTY = isTTY
    this.columns = columns
  }

  write(text: string): boolean {
    this.writes.push(text)
    for (let i = 0; i < text.length; i++) {
      const last = this.#lines.length - 1
      const line = this.#lines[last] ?? ''
      if (text.startsWith('\x1b[K', i)) {
        this.#lines[last] = line.slice(0, this.#cursor)
        i += 2
      } else if (text[i] === '\r') this.#cursor = 0
      else if (text[i] === '\n') {
        this.#lines.push('')
        this.#cursor = 0
      } else {
        this.#lines[last] = line.slice(0, this.#cursor) + (text[i] ?? '') + line.slice(this.#cursor + 1)
        this.#cursor++
      }
    }
    return true
  }

  /** The text on screen, one entry per line. */
  get screen(): string[] {
    return this.#lines
  }

  get shown(): string {
    return this.#lines.at(-1) ?? ''
  }
}

function clock(): { now: () => number; advance: (ms: number) => void } {
  let t = 1_000_000
  return { now: () => t, advance: (ms) => (t += ms) }
}

const TOTAL = 20_000

describe('the progress line', () => {
  it('shows nothing when the output is not a terminal, however long the build', () => {
    const stream = new FakeTerminal(false)
    const progress = createProgress({ stream, total: 1_000_000, label: 'finews' })
    progress.parsed(1_000_000)
    progress.written(1_000_000)
    progress.done()
    expect(stream.writes).toEqual([])
  })

  it('shows nothing for a build below the threshold', () => {
    const stream = new FakeTerminal()
    const progress = createProgress({ stream, total: PROGRESS_THRESHOLD - 1, label: 'finews' })
    progress.parsed(PROGRESS_THRESHOLD - 1)
    progress.done()
    expect(stream.writes).toEqual([])
  })

  it('shows posts parsed of the total, files written and the time spent, on one line', () => {
    const stream = new FakeTerminal()
    const time = clock()
    const progress = createProgress({ stream, total: TOTAL, label: 'finews', now: time.now })
    expect(stream.shown).toBe('finews: parsed 0 of 20,000 posts (0%) · wrote 0 files · 0 s')
    time.advance(2_000)
    progress.parsed(5_000)
    expect(stream.shown).toMatch(/^finews: parsed 5,000 of 20,000 posts \(25%\) · wrote 0 files · 2 s · about \d+ s left$/)
    time.advance(1_000)
    progress.written(1_234)
    expect(stream.shown).toMatch(/· wrote 1,234 files · 3 s/)
    expect(stream.screen).toHaveLength(1)
  })

  it('counts the time left from the rate of parsing, then from the rate of writing', () => {
    const stream = new FakeTerminal()
    const time = clock()
    const progress = createProgress({ stream, total: 10_000, label: 'finews', now: time.now })
    // 1,000 posts a second: 5,000 posts and 10,000 files to go, each at that rate until writing shows its own.
    time.advance(5_000)
    progress.parsed(5_000)
    expect(stream.shown).toMatch(/about 15 s left$/)
    time.advance(5_000)
    progress.parsed(5_000)
    expect(stream.shown).toMatch(/about 10 s left$/)
    // Writing turns out twice as fast as parsing, and there are fewer files than a cold build writes.
    progress.planned(4_000)
    time.advance(1_000)
    progress.written(2_000)
    expect(stream.shown).toMatch(/wrote 2,000 of 4,000 files · 11 s · about 1 s left$/)
  })

  it('makes no guess at the time left in the first second', () => {
    const stream = new FakeTerminal()
    const time = clock()
    const progress = createProgress({ stream, total: TOTAL, label: 'finews', now: time.now })
    time.advance(500)
    progress.parsed(1_000)
    expect(stream.shown).not.toMatch(/left/)
  })

  it('redraws at most four times a second, however often the build reports', () => {
    const stream = new FakeTerminal()
    const time = clock()
    const progress = createProgress({ stream, total: TOTAL, label: 'finews', now: time.now })
    const drawn = (): number => stream.writes.length
    const before = drawn()
    for (let ms = 0; ms < 1_000; ms += 10) {
      progress.parsed(10)
      time.advance(10)
    }
    expect(drawn() - before).toBeLessThanOrEqual(4)
    expect(drawn() - before).toBeGreaterThanOrEqual(3)
  })

  it('erases itself at the end, so the summary that follows stands alone', () => {
    const stream = new FakeTerminal()
    const time = clock()
    const progress = createProgress({ stream, total: TOTAL, label: 'finews', now: time.now })
    time.advance(2_000)
    progress.parsed(TOTAL)
    progress.written(TOTAL)
    progress.done()
    stream.write('read 20,000 files, wrote 20,000 articles\n')
    expect(stream.screen).toEqual(['read 20,000 files, wrote 20,000 articles', ''])
    // Late reports from a build that is over draw nothing.
    progress.written(1)
    progress.done()
    expect(stream.screen).toEqual(['read 20,000 files, wrote 20,000 articles', ''])
  })

  it('never writes past the width of the terminal, where the line would wrap', () => {
    const stream = new FakeTerminal(true, 40)
    const time = clock()
    const progress = createProgress({ stream, total: 1_000_000, label: 'finews', now: time.now })
    time.advance(3_000)
    progress.parsed(250_000)
    expect(stream.shown.length).toBeLessThan(40)
    expect(stream.shown.startsWith('finews: parsed 250,000')).toBe(true)
  })
})

describe('durations', () => {
  it('read as seconds, then minutes, then hours', () => {
    expect(formatDuration(7_400)).toBe('7 s')
    expect(formatDuration(65_000)).toBe('1:05')
    expect(formatDuration(3_723_000)).toBe('1:02:03')
  })
})
