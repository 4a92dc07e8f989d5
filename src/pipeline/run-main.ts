// Runs a command-line entry point when its module is the one Node was started with, and exits with its
// code; an unexpected error is printed with its stack and exits 1.
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'

export function runIfMain(moduleUrl: string, main: () => Promise<number>): void {
  const started = process.argv[1]
  if (!started || moduleUrl !== pathToFileURL(resolve(started)).href) return
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
      process.exit(1)
    },
  )
}
