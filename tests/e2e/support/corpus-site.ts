// The set-up most browser test files share: the production build of the real corpus served over HTTP
// (at `/` or under `/finews/`), the model of what its pages must show, and the browser.
import { closeBrowser, openBrowser } from './browser.ts'
import { requireCorpusBuild } from './context.ts'
import { corpusModel, type CorpusModel } from './corpus-model.ts'
import { startStaticServer, type StaticServer } from './static-server.ts'

export interface CorpusSite {
  server: StaticServer
  model: CorpusModel
}

/** Serves the corpus build (the one built with base `/finews/` when `subPath`) and opens the browser. */
export async function openCorpusSite({ subPath = false }: { subPath?: boolean } = {}): Promise<CorpusSite> {
  const build = requireCorpusBuild()
  const model = await corpusModel(build.corpus)
  const server = await startStaticServer(subPath ? { root: build.siteFinews, base: '/finews/' } : { root: build.site })
  await openBrowser()
  return { server, model }
}

/** Closes what `openCorpusSite` opened (the server may be missing when opening it failed). */
export async function closeCorpusSite(server: StaticServer | undefined): Promise<void> {
  await closeBrowser()
  await server?.close()
}
