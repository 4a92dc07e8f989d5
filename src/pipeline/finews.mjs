#!/usr/bin/env node
// The pipeline's commands, started with plain `node`: no npm, no TypeScript compiled on every start.
//   node src/pipeline/finews.mjs content [--posts DIR --out DIR ...]   what `npm run content` runs
//   node src/pipeline/finews.mjs build                                 what `npm run build` runs
// Each command runs from a bundle of its TypeScript (node_modules/.cache/finews/bin/<key>/*.mjs), built again with
// esbuild first when any file or folder under src/pipeline or src/content, the installed packages or this
// launcher is newer than the bundle: a stat per source, so an edit never runs stale and an unchanged tree
// starts at once. Packages with native code or files of their own (better-sqlite3, vite) stay outside it.
import { createHash } from 'node:crypto'
import { mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
/**
 * The bundles of this project folder: a folder of their own per project folder (`<key>`, of its path), since
 * `node_modules` may be shared between checkouts (a symlink, as deploy tools make it between releases), and
 * a bundle built from one checkout's sources must never run for another.
 */
const OUT = join(ROOT, 'node_modules', '.cache', 'finews', 'bin', createHash('sha256').update(ROOT).digest('hex').slice(0, 16))
/** Written last, with the time the build started: sources changed since then are newer than it. */
const STAMP = join(OUT, 'built')
const COMMANDS = { content: 'cli', build: 'build-site' }
/** Bundle name → source. `post-worker` is the name src/pipeline/read/post-workers.ts starts. */
const ENTRIES = {
  cli: 'src/pipeline/cli.ts',
  'build-site': 'src/pipeline/build-site.ts',
  'post-worker': 'src/pipeline/read/post-worker.ts',
}
const SOURCE_DIRS = ['src/pipeline', 'src/content']
/** Installing or upgrading a package rewrites npm's own lock file in node_modules. */
const ALSO = ['src/pipeline/finews.mjs', 'package.json', 'node_modules/.package-lock.json', 'tsconfig.base.json']
/**
 * Native code (better-sqlite3, lmdb), or packages that load their own files at run time (vite, esbuild). The
 * rest is bundled: one file starts faster than a few hundred modules resolved one by one.
 */
const EXTERNAL = ['better-sqlite3', 'lmdb', 'vite', 'esbuild', 'fsevents']
const USAGE = `usage: node src/pipeline/finews.mjs content|build [options]   (content --help lists the options)`

/**
 * When `path` last changed, 0 if it is missing. The status-change time too: a copy that keeps an old
 * modification time (cp -p, rsync -a, tar) still moves it.
 */
function changed(path) {
  const stat = statSync(path, { throwIfNoEntry: false })
  return stat === undefined ? 0 : Math.max(stat.mtimeMs, stat.ctimeMs)
}

/** The latest change under `dir`: a folder's own time moves when a file in it is added, removed or renamed. */
function newestUnder(dir) {
  let newest = changed(dir)
  let entries
  try {
    entries = readdirSync(dir, { withFileTypes: true })
  } catch {
    return newest
  }
  for (const entry of entries) {
    const path = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestUnder(path) : changed(path))
  }
  return newest
}

function isStale() {
  const built = statSync(STAMP, { throwIfNoEntry: false })?.mtimeMs
  if (built === undefined) return true
  if (Object.keys(ENTRIES).some((name) => changed(join(OUT, `${name}.mjs`)) === 0)) return true
  const newest = Math.max(...SOURCE_DIRS.map((d) => newestUnder(join(ROOT, d))), ...ALSO.map((f) => changed(join(ROOT, f))))
  return newest >= built
}

/**
 * Each module sees its own source file as `import.meta.url`, as under tsx, so paths found from it (the
 * project's root, the sources the cache fingerprints) are the same bundled or not. The URL is relative to
 * the bundle's folder as Node names it (`bundleDir`: the real path, symlinks resolved, which is what a
 * module's own `import.meta.url` holds). bundle-dir.ts becomes the bundle's own folder.
 */
const sourceUrls = (bundleDir) => ({
  name: 'finews-source-urls',
  setup(build) {
    const src = join(ROOT, 'src') + sep
    const bundleDirSource = join(ROOT, 'src', 'pipeline', 'bundle-dir.ts')
    build.onLoad({ filter: /\.tsx?$/ }, (args) => {
      if (!args.path.startsWith(src)) return undefined
      if (args.path === bundleDirSource) return { contents: 'export const BUNDLE_DIR = new URL(".", import.meta.url).href', loader: 'js' }
      const text = readFileSync(args.path, 'utf8')
      if (/\bimport\.meta\.(dirname|filename)\b/.test(text)) {
        return { errors: [{ text: 'import.meta.dirname and import.meta.filename would name the bundle: use import.meta.url' }] }
      }
      const fromBundle = relative(bundleDir, args.path).split(sep).join('/')
      const contents = text.replace(/\bimport\.meta\.url\b/g, `new URL(${JSON.stringify(fromBundle)}, import.meta.url).href`)
      return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' }
    })
  },
})

async function rebuild() {
  const started = Date.now()
  let esbuild
  try {
    esbuild = await import('esbuild')
  } catch {
    throw new Error('finews: the command needs rebuilding, and esbuild is not installed (run npm install)')
  }
  mkdirSync(OUT, { recursive: true })
  const result = await esbuild.build({
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, source]) => [name, join(ROOT, source)])),
    outdir: OUT,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: { js: "import { createRequire as __finewsRequire } from 'node:module'; const require = __finewsRequire(import.meta.url);" },
    // For stack traces that name the TypeScript's lines: `node --enable-source-maps src/pipeline/finews.mjs …`
    // (not on by default: reading the maps costs every start about 50 ms).
    sourcemap: 'linked',
    sourcesContent: false,
    logLevel: 'error',
    plugins: [sourceUrls(realpathSync(OUT))],
    write: false,
  })
  // Complete files only, under their final names: another command may start from this folder meanwhile.
  const tmp = `.${process.pid}.tmp`
  for (const file of result.outputFiles) {
    writeFileSync(file.path + tmp, file.contents)
    renameSync(file.path + tmp, file.path)
  }
  writeFileSync(STAMP + tmp, `${new Date(started).toISOString()}\n`)
  utimesSync(STAMP + tmp, started / 1000, started / 1000)
  renameSync(STAMP + tmp, STAMP)
}

const [command, ...args] = process.argv.slice(2)
const name = command !== undefined && Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined
if (name === undefined) {
  console.error(command === undefined ? USAGE : `finews: no command "${command}"\n${USAGE}`)
  process.exit(2)
}
if (isStale()) {
  try {
    await rebuild()
  } catch (error) {
    // esbuild has printed what is wrong, with file and line.
    if (!Array.isArray(error?.errors)) console.error(error instanceof Error ? error.message : String(error))
    console.error('finews: could not bundle the command (see above)')
    process.exit(1)
  }
}
// The entry runs its main() when it is the program Node started (src/pipeline/run-main.ts), and parses
// the options after the program's name: it sees the command line tsx would give it.
process.argv = [process.argv[0] ?? 'node', join(ROOT, ENTRIES[name]), ...args]
await import(pathToFileURL(join(OUT, `${name}.mjs`)).href)
