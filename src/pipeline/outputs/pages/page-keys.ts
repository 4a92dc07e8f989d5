// The keys of the prerendered pages in one site folder, as the last build left them (prerender-pages.ts):
// the pages keyed one by one ("loose": home, feeds, and the pages of shards whose keys were not kept whole),
// and the pages of each look-up shard by the shard's group key. Kept in an SQLite file in the cache folder
// and read a row at a time: a build asks only for the groups and pages it meets, and writes only what
// changed. They were one JSON file, read and written whole (twice) by every build: 6.5 MB at 100,000 posts,
// 0.29 s of a one-post site build (`node --cpu-prof`), and its whole text in memory, ten times that at a
// million.
//
// Each change is one transaction, so a build killed at any point leaves the keys of before or after it.
//
// With the keys go the stamps of the big page folders (site-listing.ts) as the build that saved them left
// them: a folder whose stamp is unchanged holds exactly the files the keys vouch for, and is not read. Any
// change to the keys but saving them (forget) drops the stamps, since the keys then vouch for fewer files
// than the folder holds.
import Database from 'better-sqlite3'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'

/** The pages of one look-up shard: their files and keys, and its routes that have no file. */
export interface PageGroup {
  pages: [string, string][]
  skipped: string[]
}

/**
 * A group as the last build saved it, without its pages' keys: a group kept whole needs only its files (to
 * see that they are all there). Reading the keys too took 43 to 147 ms at 100,000 posts, the files alone 17
 * to 31 (`npx tsx tests/bench/page-groups.ts <keys file>`).
 */
export interface SavedGroup {
  /** Its files, or none when asked without them. */
  files: string[]
  /** How many files it has. */
  count: number
  skipped: string[]
}

export interface PageKeys {
  /** The key the last build saved for a page file. */
  keyOf(file: string): string | undefined
  /**
   * The group the last build saved under this key, its files in the order they were saved (none unless
   * `withFiles`: a group in a folder the keys vouch for needs only their count).
   */
  group(key: string, withFiles?: boolean): SavedGroup | undefined
  /** The stamp of a folder of the site as the build that saved these keys left it. */
  stamp(dir: string): string | undefined
  /** The loose pages in a folder of the site (`dir/…`, no deeper). */
  looseIn(dir: string): string[]
  /**
   * Before any new page goes live: the keys stop vouching for the files `replaced`, and the groups not
   * `kept` become loose pages (their files may stay, and are then checked one by one).
   */
  forget(replaced: ReadonlySet<string>, kept: ReadonlySet<string>): void
  /**
   * Once every page of the build is live: its loose pages and its groups, and nothing else, and the stamps
   * of the folders as they are now. A group given as saved (kept whole) is in the file already.
   */
  save(loose: readonly [string, string][], groups: ReadonlyMap<string, PageGroup | SavedGroup>, stamps: ReadonlyMap<string, string>): void
  close(): void
}

// The version is in the file's name: a new layout starts from no keys, which renders every page once.
const VERSION = 3

const SCHEMA = `
CREATE TABLE IF NOT EXISTS loose(file TEXT PRIMARY KEY, key TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS groups(key TEXT PRIMARY KEY, skipped TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS grouped(gkey TEXT NOT NULL, i INTEGER NOT NULL, file TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(gkey, i)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS grouped_by_file ON grouped(file);
CREATE TABLE IF NOT EXISTS stamps(dir TEXT PRIMARY KEY, stamp TEXT NOT NULL) WITHOUT ROWID;
`

/** No keys, and nothing saved: every page is rendered (no cache folder). */
const NONE: PageKeys = {
  keyOf: () => undefined,
  group: () => undefined,
  stamp: () => undefined,
  looseIn: () => [],
  forget: () => undefined,
  save: () => undefined,
  close: () => undefined,
}

/** The keys file of a site folder: `stem` names it (without extension) in the cache folder; null keeps none. */
export function openPageKeys(stem: string | null): PageKeys {
  if (stem === null) return NONE
  // The JSON file of before (KEYS_VERSION 2) is read by nothing now.
  rmSync(`${stem}.json`, { force: true })
  const file = `${stem}-v${VERSION}.sqlite`
  mkdirSync(dirname(file), { recursive: true })
  const open = (): Database.Database => {
    const db = new Database(file)
    try {
      db.pragma('journal_mode = WAL')
      db.pragma('synchronous = NORMAL')
      db.exec(SCHEMA)
      return db
    } catch (error) {
      db.close()
      throw error
    }
  }
  let db: Database.Database
  try {
    db = open()
  } catch {
    // Not a database, or a damaged one: the keys are a memo, so they start again (every page is rendered).
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true })
    db = open()
  }
  const looseKey = db.prepare('SELECT key FROM loose WHERE file = ?').pluck()
  const groupedKey = db.prepare('SELECT key FROM grouped WHERE file = ?').pluck()
  const groupRow = db.prepare('SELECT skipped FROM groups WHERE key = ?').pluck()
  const groupFiles = db.prepare('SELECT file FROM grouped WHERE gkey = ? ORDER BY i').pluck()
  const groupCount = db.prepare('SELECT count(*) FROM grouped WHERE gkey = ?').pluck()
  const groupKeys = db.prepare('SELECT key FROM groups').pluck()
  const putLoose = db.prepare('INSERT INTO loose(file, key) VALUES (?, ?) ON CONFLICT(file) DO UPDATE SET key = excluded.key')
  const unloose = db.prepare('DELETE FROM loose WHERE file = ?')
  const loosen = db.prepare('INSERT INTO loose(file, key) SELECT file, key FROM grouped WHERE gkey = ? ORDER BY i ON CONFLICT(file) DO UPDATE SET key = excluded.key')
  const dropGroup = db.prepare('DELETE FROM groups WHERE key = ?')
  const dropGrouped = db.prepare('DELETE FROM grouped WHERE gkey = ?')
  const putGroup = db.prepare('INSERT INTO groups(key, skipped) VALUES (?, ?)')
  const putGrouped = db.prepare('INSERT INTO grouped(gkey, i, file, key) VALUES (?, ?, ?, ?)')
  const stampOf = db.prepare('SELECT stamp FROM stamps WHERE dir = ?').pluck()
  // A folder's files sort between `dir/` and `dir0` ('0' follows '/'); instr leaves out those deeper down.
  const looseIn = db.prepare("SELECT file FROM loose WHERE file > ? || '/' AND file < ? || '0' AND instr(substr(file, length(?) + 2), '/') = 0").pluck()
  const putStamp = db.prepare('INSERT INTO stamps(dir, stamp) VALUES (?, ?)')
  const drop = (key: string): void => {
    dropGrouped.run(key)
    dropGroup.run(key)
  }
  return {
    // A file in a group and loose at once (a group not kept whole last time, then saved again) has the
    // group's key, as the later of the two.
    keyOf: (file) => (groupedKey.get(file) ?? looseKey.get(file)) as string | undefined,
    group: (key, withFiles = true) => {
      const skipped = groupRow.get(key) as string | undefined
      if (skipped === undefined) return undefined
      const files = withFiles ? (groupFiles.all(key) as string[]) : []
      return { files, count: withFiles ? files.length : (groupCount.get(key) as number), skipped: JSON.parse(skipped) as string[] }
    },
    stamp: (dir) => stampOf.get(dir) as string | undefined,
    looseIn: (dir) => looseIn.all(dir, dir, dir) as string[],
    forget: db.transaction((replaced: ReadonlySet<string>, kept: ReadonlySet<string>) => {
      db.exec('DELETE FROM stamps')
      for (const key of groupKeys.all() as string[]) {
        if (kept.has(key)) continue
        loosen.run(key)
        drop(key)
      }
      for (const file of replaced) unloose.run(file)
    }),
    save: db.transaction((loose: readonly [string, string][], groups: ReadonlyMap<string, PageGroup | SavedGroup>, stamps: ReadonlyMap<string, string>) => {
      db.exec('DELETE FROM stamps')
      for (const [dir, stamp] of stamps) putStamp.run(dir, stamp)
      db.exec('DELETE FROM loose')
      for (const [file, key] of loose) putLoose.run(file, key)
      for (const key of groupKeys.all() as string[]) if (!groups.has(key)) drop(key)
      for (const [key, group] of groups) {
        // A group's key names its pages (the shard's name is a hash of its bytes): one saved is the same. A
        // group kept whole was read from this file, and forget keeps it; were it gone, its pages would only
        // be rendered again.
        if (!('pages' in group) || groupRow.get(key) !== undefined) continue
        putGroup.run(key, JSON.stringify(group.skipped))
        group.pages.forEach(([file, pageKey], i) => putGrouped.run(key, i, file, pageKey))
      }
    }),
    close: () => db.close(),
  }
}
