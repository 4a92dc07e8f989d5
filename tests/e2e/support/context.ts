// What the e2e global setup hands to the test files (Vitest `provide`/`inject`), and how a test file
// reads it. Values cross a process boundary, so they are plain data.
import { inject } from 'vitest'

/** The production site built from the real corpus by the global setup, once per run. */
export interface CorpusBuild {
  /** The corpus folder (with `_posts/` and `category/`). */
  corpus: string
  /** Its `_posts/` folder. */
  posts: string
  /** The site built with base `/`. */
  site: string
  /** The site built with base `/finews/` (serve it with `startStaticServer({ root, base: '/finews/' })`). */
  siteFinews: string
}

export interface E2eContext {
  /** Where the corpus was looked for (FINEWS_CORPUS, or ../shared/corpus beside the project). */
  corpusPath: string
  /** The builds, or null when the corpus is missing (allowed only outside CI). */
  build: CorpusBuild | null
  /** The one line that says why `build` is null. */
  missing: string | null
}

declare module 'vitest' {
  export interface ProvidedContext {
    finewsE2e: E2eContext
  }
}

let said = false

/**
 * The corpus build, or null when there is no corpus. When null it says so in one line; guard the file's
 * tests with `describe.runIf(build !== null)` so that it registers none. Read the build itself inside
 * hooks and tests with `requireCorpusBuild()` (a skipped describe's body still runs to collect it).
 */
export function corpusBuild(): CorpusBuild | null {
  const context = inject('finewsE2e')
  if (context.build === null && !said) {
    said = true
    console.log(context.missing ?? `e2e: real corpus not found at ${context.corpusPath}`)
  }
  return context.build
}

/** The corpus build; throws when the corpus is missing (call it only under a `runIf(build !== null)`). */
export function requireCorpusBuild(): CorpusBuild {
  const { build, missing, corpusPath } = inject('finewsE2e')
  if (build === null) throw new Error(missing ?? `e2e: real corpus not found at ${corpusPath}`)
  return build
}
