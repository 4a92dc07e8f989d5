// The old site's category pages (`category/*.html`, front matter `category` and `title`) give each
// pinyin category its display name. A page that cannot be read is reported, never fatal.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fieldText, readFrontMatter } from './front-matter.ts'

export interface CategoryPages {
  names: Map<string, string>
  problems: { file: string; reasons: string[] }[]
}

export function readCategoryPages(dir: string | null): CategoryPages {
  const names = new Map<string, string>()
  const problems: CategoryPages['problems'] = []
  if (!dir) return { names, problems }
  let files: string[]
  try {
    files = readdirSync(dir).filter((f) => /\.(html|md|markdown)$/i.test(f)).sort()
  } catch (error) {
    problems.push({ file: dir, reasons: [`cannot read the category folder: ${(error as Error).message}`] })
    return { names, problems }
  }
  for (const file of files) {
    const front = readFrontMatter(readFileSync(join(dir, file), 'utf8'))
    if (!front.ok) {
      problems.push({ file, reasons: [front.reason] })
      continue
    }
    const slug = fieldText(front.data.category)
    const title = fieldText(front.data.title)
    if (!slug || !title) {
      problems.push({ file, reasons: [`category page needs both "category" and "title" (has category "${slug}", title "${title}")`] })
      continue
    }
    const seen = names.get(slug)
    if (seen !== undefined && seen !== title) {
      problems.push({ file, reasons: [`category "${slug}" already has the title "${seen}" from another page: kept that one`] })
      continue
    }
    names.set(slug, title)
  }
  return { names, problems }
}
