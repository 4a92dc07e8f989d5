// Builds the same generated posts with Debian's Hugo or Jekyll, where installed, as a minimal site with
// post, category and tag pages, so the bench can print our time beside theirs from the same run.
import { spawnSync } from 'node:child_process'
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Scratch } from './scratch.ts'

export interface GeneratorRun {
  name: 'hugo' | 'jekyll'
  seconds: number | null
  note: string
}

export function installed(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0
}

function timed(command: string, args: string[], cwd: string, timeoutMs: number): { seconds: number; ok: boolean; output: string } {
  const started = performance.now()
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 })
  const seconds = (performance.now() - started) / 1000
  return { seconds, ok: run.status === 0, output: `${run.stdout ?? ''}${run.stderr ?? ''}`.slice(-600) }
}

/** Posts Hugo and Jekyll can both build: the deliberately broken ones (empty title, bad date) left out. */
function copyBuildablePosts(posts: string, target: string): number {
  mkdirSync(target, { recursive: true })
  let count = 0
  for (const file of readdirSync(posts)) {
    const text = readFileSync(join(posts, file), 'utf8')
    if (/^date:\s+\+0800$/m.test(text)) continue
    writeFileSync(join(target, file), text)
    count++
  }
  return count
}

export function buildWithHugo(posts: string, work: string, scratch: Scratch, timeoutMs: number): GeneratorRun {
  const site = join(work, 'hugo-site')
  scratch.discard(site)
  mkdirSync(join(site, 'layouts', '_default'), { recursive: true })
  const count = copyBuildablePosts(posts, join(site, 'content', 'posts'))
  writeFileSync(
    join(site, 'hugo.toml'),
    [
      "baseURL = 'http://localhost/'",
      "title = 'bench'",
      'disableKinds = ["RSS", "sitemap", "robotsTXT"]',
      '[taxonomies]',
      "  category = 'categories'",
      "  tag = 'tags'",
      '[markup.goldmark.renderer]',
      '  unsafe = true',
    ].join('\n'),
  )
  const layout = (body: string): string => `<!doctype html><html><head><title>{{ .Title }}</title></head><body>${body}</body></html>`
  writeFileSync(join(site, 'layouts', '_default', 'single.html'), layout('<article><h1>{{ .Title }}</h1><time>{{ .Date }}</time>{{ .Content }}</article>'))
  writeFileSync(join(site, 'layouts', '_default', 'list.html'), layout('<h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>'))
  const run = timed('hugo', ['--quiet', '--destination', join(work, 'hugo-public')], site, timeoutMs)
  scratch.discard(join(work, 'hugo-public'))
  return run.ok
    ? { name: 'hugo', seconds: run.seconds, note: `${count} posts` }
    : { name: 'hugo', seconds: null, note: `failed or timed out after ${run.seconds.toFixed(0)} s: ${run.output.trim()}` }
}

export function buildWithJekyll(posts: string, work: string, scratch: Scratch, timeoutMs: number): GeneratorRun {
  const site = join(work, 'jekyll-site')
  scratch.discard(site)
  mkdirSync(join(site, '_layouts'), { recursive: true })
  const count = copyBuildablePosts(posts, join(site, '_posts'))
  writeFileSync(join(site, '_config.yml'), 'title: bench\ntimezone: Asia/Shanghai\nmarkdown: kramdown\n')
  writeFileSync(join(site, '_layouts', 'post.html'), '<!doctype html><html><body><article><h1>{{ page.title }}</h1>{{ content }}</article></body></html>')
  writeFileSync(join(site, '_layouts', 'list.html'), '<!doctype html><html><body>{{ content }}</body></html>')
  // Category and tag pages, as the old site had: one page listing every category's and tag's posts.
  writeFileSync(
    join(site, 'categories.html'),
    '---\nlayout: list\n---\n{% for c in site.categories %}<h2>{{ c[0] }}</h2><ul>{% for p in c[1] %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endfor %}',
  )
  writeFileSync(
    join(site, 'tags.html'),
    '---\nlayout: list\n---\n{% for t in site.tags %}<h2>{{ t[0] }}</h2><ul>{% for p in t[1] %}<li><a href="{{ p.url }}">{{ p.title }}</a></li>{% endfor %}</ul>{% endfor %}',
  )
  const run = timed('jekyll', ['build', '--quiet', '--destination', join(work, 'jekyll-public')], site, timeoutMs)
  scratch.discard(join(work, 'jekyll-public'))
  return run.ok
    ? { name: 'jekyll', seconds: run.seconds, note: `${count} posts` }
    : { name: 'jekyll', seconds: null, note: `failed or timed out after ${run.seconds.toFixed(0)} s: ${run.output.trim()}` }
}

/**
 * A Jekyll site of `posts` for a page-by-page comparison with ours (tests/bench/lighthouse.ts): each post
 * at `/a/<id>` and each category's list at `/c/<slug>`, our routes, with minimal templates like the old
 * site's (a post's title, time and body; a category's titles and times, newest first). Returns the built
 * folder, or the reason it could not be built.
 */
export function buildJekyllPages(posts: string, work: string): { site: string } | { failed: string } {
  const source = join(work, 'jekyll-pages')
  mkdirSync(join(source, '_layouts'), { recursive: true })
  mkdirSync(join(source, 'c'), { recursive: true })
  copyBuildablePosts(posts, join(source, '_posts'))
  writeFileSync(join(source, '_config.yml'), 'title: finews\ntimezone: Asia/Shanghai\nmarkdown: kramdown\npermalink: /a/:title.html\n')
  const head = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ page.title }}</title></head>'
  writeFileSync(join(source, '_layouts', 'post.html'), `${head}<body><article><h1>{{ page.title }}</h1><p><time>{{ page.date | date: "%Y-%m-%d %H:%M" }}</time></p>{{ content }}</article></body></html>`)
  writeFileSync(
    join(source, '_layouts', 'category.html'),
    `${head}<body><h1>{{ page.title }}</h1><ul>{% for p in site.categories[page.category] %}<li><a href="{{ p.url }}">{{ p.title }}</a> <time>{{ p.date | date: "%Y-%m-%d %H:%M" }}</time></li>{% endfor %}</ul></body></html>`,
  )
  const categories = new Set<string>()
  for (const file of readdirSync(join(source, '_posts'))) {
    const category = /^categories:\s*(\S+)\s*$/m.exec(readFileSync(join(source, '_posts', file), 'utf8'))?.[1]
    if (category) categories.add(category.replace(/^["']|["']$/g, ''))
  }
  for (const slug of categories) {
    if (!/^[\w-]+$/.test(slug)) continue // a slug no plain file name holds is not compared
    writeFileSync(join(source, 'c', `${slug}.html`), `---\nlayout: category\ntitle: ${slug}\ncategory: ${slug}\npermalink: /c/${slug}.html\n---\n`)
  }
  const site = join(work, 'jekyll-pages-public')
  const run = timed('jekyll', ['build', '--quiet', '--source', source, '--destination', site], source, 10 * 60_000)
  return run.ok ? { site } : { failed: run.output.trim() }
}
