// Where the real corpus is (`$FINEWS_CORPUS`, else ../shared/corpus beside the project) and whether this
// run has it. Without it the corpus suites are not run (one line says so); under CI that is a failure.
// The corpus is read in place: tests never copy it into the project.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe } from 'vitest'
import { REPO_ROOT } from './repo-root.ts'

/** A relative FINEWS_CORPUS is taken from the project folder, not from the working directory. */
export const CORPUS_DIR = resolve(REPO_ROOT, process.env.FINEWS_CORPUS ?? join('..', 'shared', 'corpus'))
export const CORPUS_POSTS = join(CORPUS_DIR, '_posts')
export const CORPUS_CATEGORIES = join(CORPUS_DIR, 'category')

export const hasCorpus = existsSync(CORPUS_POSTS)

if (!hasCorpus) {
  const line = `finews: no corpus at ${CORPUS_DIR} (set FINEWS_CORPUS to a folder with _posts/ and category/): corpus tests not run`
  if (process.env.CI) throw new Error(`${line}; CI must have the corpus`)
  console.log(line)
}

/** `describe` for suites that read the real corpus. */
export const describeCorpus = describe.runIf(hasCorpus)
