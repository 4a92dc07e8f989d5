// Accessibility checks with axe-core (through @axe-core/playwright, which works with playwright-core).
// Only violations of impact serious or critical count; the message lists each with its failing elements.
//
//   const { violations, message } = await axeViolations(tab.page)
//   expect(violations, message).toEqual([])        // or: await assertNoAxeViolations(tab.page)
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { AxeBuilder } from '@axe-core/playwright'
import type { Page } from 'playwright-core'

type AxeResults = Awaited<ReturnType<AxeBuilder['analyze']>>
type AxeViolation = AxeResults['violations'][number]

/** How many failing elements the message lists per rule. */
const NODES_SHOWN = 5

// The project's own axe-core (a direct dependency), rather than the copy @axe-core/playwright bundles.
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

export interface AxeOptions {
  /** Check only inside this selector. */
  include?: string
  /** Leave these selectors out. */
  exclude?: readonly string[]
  /** Rules to leave out, e.g. ['color-contrast'] (say why in the test). */
  disableRules?: readonly string[]
  /** Only rules with these tags, e.g. ['wcag2a', 'wcag2aa'] (default: axe's default rule set). */
  tags?: readonly string[]
}

export interface AxeFinding {
  id: string
  impact: 'serious' | 'critical'
  help: string
  helpUrl: string
  /** Each failing element: its selector and what to fix. */
  nodes: string[]
}

export interface AxeReport {
  violations: AxeFinding[]
  /** Readable list of the violations ('' when none). */
  message: string
}

function toFinding(violation: AxeViolation): AxeFinding | null {
  const impact = violation.impact
  if (impact !== 'serious' && impact !== 'critical') return null
  return {
    id: violation.id,
    impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => {
      const target = node.target.map((part) => (typeof part === 'string' ? part : JSON.stringify(part))).join(' ')
      const summary = (node.failureSummary ?? '').replace(/\s+/g, ' ').trim()
      return summary ? `${target}: ${summary}` : target
    }),
  }
}

export function formatAxeFindings(url: string, findings: readonly AxeFinding[]): string {
  if (findings.length === 0) return ''
  const lines = [`axe: ${findings.length} serious or critical violation(s) on ${url}:`]
  for (const finding of findings) {
    lines.push(`- [${finding.impact}] ${finding.id}: ${finding.help} (${finding.helpUrl})`)
    for (const node of finding.nodes.slice(0, NODES_SHOWN)) lines.push(`    ${node}`)
    if (finding.nodes.length > NODES_SHOWN) lines.push(`    … and ${finding.nodes.length - NODES_SHOWN} more`)
  }
  return lines.join('\n')
}

/** Runs axe on the page as it is now and returns its serious and critical violations. */
export async function axeViolations(page: Page, options: AxeOptions = {}): Promise<AxeReport> {
  let builder = new AxeBuilder({ page, axeSource })
  if (options.include !== undefined) builder = builder.include(options.include)
  for (const selector of options.exclude ?? []) builder = builder.exclude(selector)
  if (options.disableRules !== undefined) builder = builder.disableRules([...options.disableRules])
  if (options.tags !== undefined) builder = builder.withTags([...options.tags])
  const results = await builder.analyze()
  const violations = results.violations
    .map(toFinding)
    .filter((finding): finding is AxeFinding => finding !== null)
  return { violations, message: formatAxeFindings(page.url(), violations) }
}

/** Throws with the readable list when the page has serious or critical violations. */
export async function assertNoAxeViolations(page: Page, options: AxeOptions = {}): Promise<void> {
  const { message } = await axeViolations(page, options)
  if (message) throw new Error(message)
}
