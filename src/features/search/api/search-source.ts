// The search index's files over the network: the root and documents as checked JSON (fetchData), the
// term shards as bytes. A failure is a DataError, so the reader shows what went wrong and a retry.
import * as v from 'valibot'
import { SearchDocsSchema, SearchRootSchema, docsFile, shardFile, type SearchDocs, type SearchRoot } from '../../../content/search.ts'
import type { Parser } from '../../../content/schema.ts'
import { dataUrl } from '../../../lib/data-url.ts'
import { DataError, fetchData } from '../../../lib/fetch-data.ts'
import type { SearchSource } from '../engine.ts'

function parser<T>(schema: v.GenericSchema<unknown, T>): Parser<T> {
  return {
    safeParse: (input) => {
      const result = v.safeParse(schema, input)
      return result.success ? { success: true, data: result.output } : { success: false, error: new v.ValiError(result.issues) }
    },
  }
}

const rootParser = parser<SearchRoot>(SearchRootSchema)
const docsParser = parser<SearchDocs>(SearchDocsSchema)

async function fetchBytes(path: string): Promise<Uint8Array> {
  let response: Response
  try {
    response = await fetch(dataUrl(path))
  } catch (cause) {
    throw new DataError('network', path, null, { cause })
  }
  if (response.status === 404) throw new DataError('not-found', path, 404)
  if (!response.ok) throw new DataError('http', path, response.status)
  try {
    return new Uint8Array(await response.arrayBuffer())
  } catch (cause) {
    throw new DataError('network', path, response.status, { cause })
  }
}

export function networkSource(rootPath: string): SearchSource {
  return {
    root: () => fetchData(rootPath, rootParser),
    shard: (segment, n) => fetchBytes(shardFile(segment, n)),
    docs: (segment, k) => fetchData(docsFile(segment, k), docsParser),
  }
}
