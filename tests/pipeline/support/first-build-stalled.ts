// For tests/pipeline/archive-index.test.ts: opens a new archive index at argv[2] and starts its first build's
// transaction, with a page cache so small that the rows spill into the database file, then says so and waits
// to be killed (the way a build killed in its first, largest transaction leaves an index).
import { statSync } from 'node:fs'
import { ArchiveIndex } from '../../../src/pipeline/index/archive-index.ts'

const file = process.argv[2]
if (!file) throw new Error('usage: first-build-stalled.ts <index file>')
const index = ArchiveIndex.open(file)
const before = statSync(file).size
index.db.pragma('cache_size = 16')
index.db.exec('BEGIN')
const put = index.db.prepare("INSERT INTO posts(file, size, mtime, hash, reasons) VALUES (?, 1, 1, 'h', '[]')")
for (let n = 0; statSync(file).size < before + 1_000_000; n++) put.run(`2024-01-01-${n}-${'x'.repeat(200)}.md`)
console.log(`spilled: ${statSync(file).size} bytes in the database file`)
setInterval(() => undefined, 60_000)
