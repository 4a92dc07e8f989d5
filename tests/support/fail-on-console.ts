// A test that makes the code log an error or a warning fails: such noise is a bug a user would meet.
import { afterEach, beforeEach, vi } from 'vitest'

let messages: string[] = []

beforeEach(() => {
  messages = []
  for (const level of ['error', 'warn'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      messages.push(`console.${level}: ${args.map(String).join(' ')}`)
    })
  }
})

afterEach(() => {
  vi.restoreAllMocks()
  if (messages.length > 0) throw new Error(`The test logged:\n${messages.join('\n')}`)
})
