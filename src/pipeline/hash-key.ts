// The pipeline's content keys: a short hash of the inputs that determine an output.
import { createHash } from 'node:crypto'

export function hashKey(...parts: readonly string[]): string {
  return hashOf(parts)
}

/** hashKey of many parts (a month of articles), without spreading them into arguments. */
export function hashOf(parts: Iterable<string>): string {
  const h = createHash('sha256')
  for (const part of parts) h.update(part).update('\u0000')
  return h.digest('hex').slice(0, 16)
}
