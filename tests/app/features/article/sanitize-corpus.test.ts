// The pipeline and the reader keep the same HTML: every body the pipeline writes for the real corpus, and
// for the project's own posts (test fixtures, the hostile one included, and the sample archive), reaches the
// page through the reader's DOMPurify configuration with nothing removed: what the data says is what a
// reader sees.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import DOMPurify from 'dompurify'
import { describe, expect, test } from 'vitest'
import { BODY_SANITIZE_CONFIG, configureBodySanitizer } from '../../../../src/features/article/sanitize-config.ts'
import { parsePost } from '../../../../src/pipeline/read/parse-post.ts'
import { CORPUS_POSTS, describeCorpus } from '../../../pipeline/support/corpus.ts'
import { listFilesDeep } from '../../../pipeline/support/raw-post.ts'
import { REPO_ROOT } from '../../../pipeline/support/repo-root.ts'

/** The project's own posts (tests/fixtures/site/README.md says what each one tries), and the sample archive. */
const FIXTURE_POSTS = join(REPO_ROOT, 'tests', 'fixtures', 'site', '_posts')
const SAMPLE_POSTS = join(REPO_ROOT, 'src', 'sample-archive', '_posts')

/** 133 bodies through jsdom twice: more than the dom project's default few seconds on a busy machine. */
const SLOW = { timeout: 60_000 }

const purify = DOMPurify(window)
configureBodySanitizer(purify)

/** What the reader adds to every link and image on its own account, not the data's. */
const ADDED_TO_LINKS = ['target', 'rel']
const ADDED_TO_IMAGES = ['loading', 'decoding', 'referrerpolicy']

function parsed(dir: string, file: string): { file: string; html: string }[] {
  const outcome = parsePost(file, readFileSync(join(dir, file), 'utf8'))
  return outcome.status === 'ok' ? [{ file, html: outcome.post.bodyHtml }] : []
}

/** The body as the browser reads it, before any sanitizing. */
function asWritten(html: string): HTMLElement {
  const holder = document.createElement('div')
  holder.innerHTML = html
  return holder
}

/** The body as ArticleBody puts it on the page, minus the attributes the reader adds itself. */
function asShown(html: string): { holder: HTMLElement; removed: string[] } {
  const holder = document.createElement('div')
  holder.innerHTML = purify.sanitize(html, BODY_SANITIZE_CONFIG)
  // DOMPurify lists the <body> of the document it parses into whenever a body starts with an element: its
  // own wrapper, not something of the data (which the comparison below would show anyway).
  const removed = purify.removed.filter((r) => !('element' in r && r.element.nodeName === 'BODY')).map((r) =>
    'element' in r ? `<${r.element.nodeName.toLowerCase()}> ${r.element.textContent ?? ''}` : `${r.attribute?.name ?? '?'}="${r.attribute?.value ?? ''}" on <${r.from.nodeName.toLowerCase()}>`,
  )
  for (const a of Array.from(holder.querySelectorAll('a'))) for (const name of ADDED_TO_LINKS) a.removeAttribute(name)
  for (const img of Array.from(holder.querySelectorAll('img'))) for (const name of ADDED_TO_IMAGES) img.removeAttribute(name)
  return { holder, removed }
}

function expectNothingRemoved(bodies: { file: string; html: string }[]): void {
  for (const { file, html } of bodies) {
    const shown = asShown(html)
    expect(shown.removed, `${file}: removed by DOMPurify`).toEqual([])
    expect(shown.holder.innerHTML, file).toBe(asWritten(html).innerHTML)
  }
}

describeCorpus('the real corpus, as the pipeline writes it and the reader shows it', () => {
  const bodies = listFilesDeep(CORPUS_POSTS).flatMap((file) => parsed(CORPUS_POSTS, file))

  test('loses nothing to the reader’s sanitizer: no element, attribute, class or link', SLOW, () => {
    expect(bodies.length).toBeGreaterThan(100)
    expectNothingRemoved(bodies)
  })

  test('still has the markup the reader needs: centred pictures, mentions, sized images', SLOW, () => {
    const shown = bodies.map(({ html }) => asShown(html).holder)
    const count = (selector: string): number => shown.reduce((n, holder) => n + holder.querySelectorAll(selector).length, 0)
    expect(count('.center')).toBeGreaterThan(0)
    expect(count('a[data-secid][href^="https://quote.eastmoney.com/"]')).toBeGreaterThan(0)
    expect(count('img[src][alt][width][height]')).toBeGreaterThan(0)
  })
})

describe('the project’s own posts, as the pipeline writes them and the reader shows them', () => {
  test('lose nothing to the reader’s sanitizer, the hostile test post included', SLOW, () => {
    const bodies = listFilesDeep(FIXTURE_POSTS).flatMap((file) => parsed(FIXTURE_POSTS, file))
    expect(bodies.map((b) => b.file)).toContain('2023-03-03-202303030000000105.md')
    expectNothingRemoved(bodies)
  })

  test('lose nothing to the reader’s sanitizer in the sample archive', SLOW, () => {
    const bodies = listFilesDeep(SAMPLE_POSTS).flatMap((file) => parsed(SAMPLE_POSTS, file))
    expect(bodies.length).toBeGreaterThan(0)
    expectNothingRemoved(bodies)
  })
})
