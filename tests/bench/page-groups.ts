// What reading the saved page groups costs a build that keeps them all (page-keys.ts): every group's files
// and keys, against its files alone, three rounds each (the first reads the file from disk).
//   npx tsx tests/bench/page-groups.ts <cache folder>/pages-<hash>-v3.sqlite
import Database from 'better-sqlite3'

const file = process.argv[2]
if (!file) {
  console.error('usage: npx tsx tests/bench/page-groups.ts <pages keys file>')
  process.exit(2)
}
const db = new Database(file, { readonly: true })
const keys = db.prepare('SELECT key FROM groups').pluck().all() as string[]
const withKeys = db.prepare('SELECT file, key FROM grouped WHERE gkey = ? ORDER BY i').raw()
const filesOnly = db.prepare('SELECT file FROM grouped WHERE gkey = ? ORDER BY i').pluck()
const time = (read: (key: string) => unknown[]): [number, number] => {
  const started = performance.now()
  let pages = 0
  for (const key of keys) pages += read(key).length
  return [performance.now() - started, pages]
}
for (let round = 1; round <= 3; round++) {
  const [both, pages] = time((key) => withKeys.all(key))
  const [files] = time((key) => filesOnly.all(key))
  console.log(`round ${round}: ${keys.length} groups, ${pages} pages: files and keys ${both.toFixed(0)} ms, files alone ${files.toFixed(0)} ms`)
}
db.close()
