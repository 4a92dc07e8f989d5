// What the CLI prints after a build: one screen an operator can act on.
import type { ContentResult } from './build-content.ts'

const MAX_LISTED = 8

function list(title: string, problems: { file: string; reasons: string[] }[]): string[] {
  if (problems.length === 0) return []
  const lines = [`${title} (${problems.length}):`]
  for (const p of problems.slice(0, MAX_LISTED)) lines.push(`  ${p.file}: ${p.reasons.join('; ')}`)
  if (problems.length > MAX_LISTED) lines.push(`  … and ${problems.length - MAX_LISTED} more (see --report FILE)`)
  return lines
}

/** What of the search index was patched rather than built again, if anything: ` (search patched: 1 segment, 1 day)`. */
function searchPatched(segments: number, days: number): string {
  const parts = [segments > 0 ? `${segments} segment${segments > 1 ? 's' : ''}` : '', days > 0 ? `${days} day${days > 1 ? 's' : ''}` : ''].filter(Boolean)
  return parts.length > 0 ? ` (search patched: ${parts.join(', ')})` : ''
}

export function summarize(result: ContentResult, out: string): string {
  const { report, stats, manifest } = result
  const s = stats.seconds
  const total = s.total ?? 0
  const rate = stats.parsed > 0 && total > 0 ? `, ${Math.round(stats.parsed / total)} posts/s` : ''
  const phases = Object.entries(s)
    .filter(([phase]) => phase !== 'total')
    .map(([phase, seconds]) => `${phase} ${seconds.toFixed(2)}`)
    .join(', ')
  return [
    `finews: read ${report.read} files, wrote ${report.written} articles (${report.salvaged.length} salvaged), rejected ${report.rejected.length}`,
    `  ${manifest.counts.categories} categories, ${manifest.counts.tags} tags, ${manifest.counts.securities} securities → ${out}`,
    `  ${stats.added} added, ${stats.changed} changed, ${stats.removed} removed (${stats.renamed} renamed), ${stats.reused} unchanged; parsed ${stats.parsed} on ${stats.threads + 1} threads`,
    `  wrote ${stats.filesWritten} files (${(stats.bytesWritten / 1e6).toFixed(1)} MB)${stats.filesLinked > 0 ? `, linked ${stats.filesLinked} unchanged` : ''}${searchPatched(stats.segmentsPatched, stats.searchDaysPatched)}, removed ${stats.filesRemoved}; ${total.toFixed(2)} s${rate} (${phases})`,
    ...report.problems.map((p) => `  problem: ${p}`),
    ...list('Salvaged', report.salvaged),
    ...list('Rejected', report.rejected),
    ...list('Category pages not used', report.categoryPages),
  ].join('\n')
}
