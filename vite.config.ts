// The reader's build. FINEWS_BASE sets the sub-path it is served under (default `/`); in `npm run dev`
// the finews plugin builds and serves the data folder from FINEWS_POSTS (default: the sample archive).
import { defineConfig, type Plugin, type Rolldown } from 'vite'
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { archiveFromEnv, normalizeBase } from './src/pipeline/project-paths.ts'
import { finewsDevData } from './src/pipeline/vite-plugin.ts'

/**
 * How the browser's code is cut into files. Left to itself Rolldown made one file for every set of routes
 * sharing a module: the entry came as 10 files and a feed page as 22, and since each file is compressed on
 * its own (no shared dictionary) that cost 5.5 kB gzipped on a feed's first load (129.6 KiB, over #12's
 * 125 kB). Two groups instead:
 * - everything the entry loads statically (React, React Router, TanStack Query, the layout) in one file,
 *   apart from the entry module itself (Vite's manifest names the entry by it);
 * - what the feed route imports statically (the feed screen, the list, its items, live news, the tag
 *   filter), which home, the category and tag pages and the stock page share, in one file. Found by
 *   walking the route's static imports, so what a feed file loads with `import()` stays lazy.
 * The other routes keep Rolldown's own splitting. `npx tsx tests/bench/bundle-size.ts` weighs the result.
 */
const FEED_ROUTE = /[\\/]src[\\/]app[\\/]routes[\\/]feed-route\.tsx$/

/** The modules the feed route imports statically (not itself), walked once per chunking pass. */
const feedImports = new WeakMap<Rolldown.ChunkingContext, Set<string>>()
function feedGroup(id: string, context: Rolldown.ChunkingContext): string | null {
  let found = feedImports.get(context)
  if (!found) {
    found = new Set()
    const route = [...modulesSeen].find((m) => FEED_ROUTE.test(m))
    const walk = (at: string): void => {
      for (const next of context.getModuleInfo(at)?.importedIds ?? []) {
        // Not through packages: a package's index names all of it (useQueries and the rest). What the
        // feed's own modules use of one comes along with them (includeDependenciesRecursively).
        if (found?.has(next) || /[\\/]node_modules[\\/]/.test(next)) continue
        found?.add(next)
        walk(next)
      }
    }
    if (route) walk(route)
    feedImports.set(context, found)
  }
  return found.has(id) ? 'feed' : null
}

/** Every module id the groups were offered, so the feed route's own id is known without guessing its path. */
const modulesSeen = new Set<string>()
const CHUNK_GROUPS: Rolldown.CodeSplittingGroup[] = [
  { name: 'initial', tags: ['$initial'], test: (id) => !/index\.html|[\\/]src[\\/]app[\\/]main\.tsx/.test(id) },
  {
    name: feedGroup,
    debugName: 'feed',
    test: (id) => {
      modulesSeen.add(id)
      return !FEED_ROUTE.test(id)
    },
  },
]

/**
 * React Router's package points every bundler at its development build (its `exports` have no production
 * condition), warnings and checks included; a build takes its production build, published beside it. 0.6 kB
 * gzipped off every route's first load (`npx tsx tests/bench/bundle-size.ts`). `npm run dev` keeps the
 * warnings.
 */
const routerProductionBuild = [
  { find: /^react-router$/, replacement: fileURLToPath(new URL('./node_modules/react-router/dist/production/index.mjs', import.meta.url)) },
  { find: /^react-router\/dom$/, replacement: fileURLToPath(new URL('./node_modules/react-router/dist/production/dom-export.mjs', import.meta.url)) },
]

/**
 * React Router's production build creates its components with `React.forwardRef(...)` at the top of the
 * module, unmarked, and then sets each one's `displayName`: to a bundler both are side effects, so every
 * component stays in the bundle whether used or not (Form, its submission code, HistoryRouter: 4.2 KB
 * minified). A build marks those calls pure and drops the top-level `displayName` lines (React reads them
 * only in development and DevTools), so only what the app uses is kept: 1.3 kB gzipped off every route's
 * first load, which brings the feed route under #14's 125 kB (`npx tsx tests/bench/bundle-size.ts`). Should
 * a new version write these differently, nothing matches and the bundle is as before (the bench shows it).
 */
const ROUTER_CHUNK = /[\\/]react-router[\\/]dist[\\/]production[\\/]chunk-[^\\/]+\.mjs$/
/**
 * `useSearchParams` warns, in production too, in a browser without `URLSearchParams` (Internet Explorer 11),
 * which the build's target (es2022) leaves out anyway: the same transform drops that check and its
 * 230-character message (138 bytes gzipped on every route's first load, which the header's search box's
 * early start needed; stop 36). As above, a version written differently is left as it is.
 */
const URL_SEARCH_PARAMS_WARNING = /warning\(\s*typeof URLSearchParams !== "undefined",\s*`(?:[^`\\]|\\.)*`\s*\);/
/**
 * React Router's production build still warns in the console (`warning(cond, message)`: a navigation
 * called during render, a path it cannot decode, a route without an element…), where React's own
 * production build says nothing; a reader never sees the console, and a page that warns fails our
 * end-to-end tests anyway. The same transform empties the function, and the minifier drops its calls and
 * their messages: 0.9 kB gzipped off every route's first load (stop 44), which V8's compile hint below
 * needed. A version written differently is left as it is.
 */
const ROUTER_WARNING = /^function warning\(cond, message\) \{\n {2}if \(!cond\) \{\n {4}if \(typeof console !== "undefined"\) console\.warn\(message\);\n {4}try \{\n {6}throw new Error\(message\);\n {4}\} catch \(e\) \{\n {4}\}\n {2}\}\n\}$/m
const routerUnusedComponents: Plugin = {
  name: 'finews:router-unused-components',
  apply: 'build',
  transform: {
    filter: { id: ROUTER_CHUNK },
    handler(code) {
      return code
        .replace(/^[A-Za-z]+\.displayName = "[^"]*";$/gm, '')
        .replace(/= (React\d*)\.forwardRef\(/g, '= /* @__PURE__ */ $1.forwardRef(')
        .replace(URL_SEARCH_PARAMS_WARNING, '')
        .replace(ROUTER_WARNING, 'function warning(cond, message) {}')
    },
  },
}

/**
 * V8's explicit compile hint (Chrome 136 and later), on the first line of the file whose code every page runs
 * while it starts and hydrates (React, React Router, TanStack Query, the layout): its functions are compiled
 * on a background thread as it streams in, instead of each on the main thread when first called. Put after
 * Vite has written the file (its table of lazy modules' imports goes on the first line, and below it the
 * hint does nothing). Lighthouse on the corpus site, four runs each in turns: script evaluation on the
 * category page 613 to 778 ms before, 362 to 525 after, total blocking time 17 to 78 ms before, 8 to 28
 * after; on home 532 to 678 ms before, 404 to 521 after.
 */
const compileHint: Plugin = {
  name: 'finews:compile-hint',
  apply: 'build',
  generateBundle: {
    order: 'post',
    handler(_options, bundle) {
      for (const file of Object.values(bundle)) if (file.type === 'chunk' && file.name === 'initial') file.code = `//# allFunctionsCalledOnLoad\n${file.code}`
    },
  },
}

export default defineConfig(({ command, isSsrBuild }) => ({
  base: normalizeBase(process.env.FINEWS_BASE),
  plugins: [react(), finewsDevData(archiveFromEnv(process.env)), routerUnusedComponents, compileHint],
  resolve: command === 'build' ? { alias: routerProductionBuild } : {},
  build: {
    target: 'es2022',
    sourcemap: false,
    // Read by `npm run bench` to weigh each route's JavaScript.
    manifest: true,
    // One stylesheet for every route (about 7 KB gzipped): a page's first paint waits for its stylesheets,
    // and on Lighthouse's slow phone each of the six a feed page linked cost about 0.3 s of that wait.
    cssCodeSplit: false,
    // Every browser the es2022 target admits but Safari before 17 preloads modules itself; there the
    // polyfill only warmed the cache. It was 0.3 kB of every first load.
    // A lazy module's imports are requested with it (rather than once it has arrived and been read) only for
    // the two places a feed's reader goes next, an article and a stock page: the table naming every lazy
    // module's files travels in the entry, and whole it was 0.6 kB gzipped of every first load, which the
    // prerendered pages' data files needed (src/app/sent-data.ts). After the first visit the service worker
    // has every file precached, so the others then wait on no network either.
    modulePreload: { polyfill: false, resolveDependencies: (filename, deps) => (/(?:^|\/)(?:article|stock)-route-/.test(filename) ? deps : []) },
    // The server bundle (src/app/server.tsx, built with this file) is one file for Node: no groups there.
    rolldownOptions: isSsrBuild ? {} : { output: { codeSplitting: { groups: CHUNK_GROUPS } } },
  },
}))
