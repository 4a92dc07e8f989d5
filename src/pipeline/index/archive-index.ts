// The archive index: one SQLite database (better-sqlite3) that remembers, between runs, every post file's
// record and everything derived from the records that the outputs need (which feed holds which article, in
// order; each feed's pages and page lists; look-up entries; which file each output went to). It is read and
// written a row at a time, never whole, and a build changes it in one transaction: a killed build leaves
// the index as the last finished build left it.
//
// Every output file has exactly one owner row here (a post's article, a feed's page, list or head, a shard,
// the home file, the look-up index); replacing or dropping an owner moves its old file to `garbage`, which
// is removed only once the manifest that no longer names it is in place.
import Database from 'better-sqlite3'
import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { bucketOf } from './signature-buckets.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
-- Every entry of the posts folder: its signature (size, mtime), the hash of its bytes, and what it parsed to.
-- size -1 marks an entry that could not be listed as a file (a symlink loop, a FIFO...): reasons say why.
CREATE TABLE IF NOT EXISTS posts(
  file TEXT PRIMARY KEY, size INTEGER NOT NULL, mtime REAL NOT NULL, hash TEXT NOT NULL,
  id TEXT, reasons TEXT NOT NULL, record TEXT);
CREATE INDEX IF NOT EXISTS posts_by_id ON posts(id) WHERE id IS NOT NULL;
CREATE INDEX IF NOT EXISTS posts_by_mtime ON posts(mtime);
-- Small indexes that answer a new process's questions without reading the records (the table is mostly
-- record text: at 100,000 posts, scanning it for the signatures took 0.6 to 0.8 s, the index 0.1 s).
CREATE INDEX IF NOT EXISTS posts_signature ON posts(file, size, mtime);
CREATE INDEX IF NOT EXISTS posts_flagged ON posts(file, id, reasons) WHERE reasons != '[]';
CREATE INDEX IF NOT EXISTS posts_unlisted ON posts(file) WHERE size = -1;
-- The posts' signatures summed by bucket (signature-buckets.ts). A row written drops its bucket's sums: the
-- build sums the buckets it changed again, and a bucket without sums is compared row by row.
CREATE TABLE IF NOT EXISTS post_buckets(bucket TEXT PRIMARY KEY, n INTEGER NOT NULL, a INTEGER NOT NULL, b INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS post_added AFTER INSERT ON posts BEGIN DELETE FROM post_buckets WHERE bucket = bucket_of(NEW.file); END;
CREATE TRIGGER IF NOT EXISTS post_changed AFTER UPDATE ON posts BEGIN
  DELETE FROM post_buckets WHERE bucket = bucket_of(OLD.file);
  DELETE FROM post_buckets WHERE bucket = bucket_of(NEW.file);
END;
CREATE TRIGGER IF NOT EXISTS post_removed AFTER DELETE ON posts BEGIN DELETE FROM post_buckets WHERE bucket = bucket_of(OLD.file); END;
-- Ids claimed by more than one post, kept as posts come and go (the report names the posts not kept: asked of
-- every post, the question took 0.15 to 0.2 s a build at a million posts). An upsert, not INSERT OR IGNORE:
-- a trigger's OR clause gives way to the policy of the statement that fired it, and the upsert of a post
-- (ABORT) made a third claim on a contested id fail with "UNIQUE constraint failed: contested.id". (A NOT
-- EXISTS test instead cost a third more per insert: 4.1 s against 3.0 s for a million.)
CREATE TABLE IF NOT EXISTS contested(id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TRIGGER IF NOT EXISTS claim_added AFTER INSERT ON posts WHEN NEW.id IS NOT NULL BEGIN
  INSERT INTO contested SELECT NEW.id WHERE EXISTS (SELECT 1 FROM posts WHERE id = NEW.id AND file != NEW.file) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER IF NOT EXISTS claim_moved AFTER UPDATE OF id ON posts WHEN OLD.id IS NOT NEW.id BEGIN
  DELETE FROM contested WHERE id = OLD.id AND (SELECT count(*) FROM posts WHERE id = OLD.id) < 2;
  INSERT INTO contested SELECT NEW.id WHERE EXISTS (SELECT 1 FROM posts WHERE id = NEW.id AND file != NEW.file) ON CONFLICT DO NOTHING;
END;
CREATE TRIGGER IF NOT EXISTS claim_removed AFTER DELETE ON posts WHEN OLD.id IS NOT NULL BEGIN
  DELETE FROM contested WHERE id = OLD.id AND (SELECT count(*) FROM posts WHERE id = OLD.id) < 2;
END;
-- The post each id is published from (two files may claim one id; one is kept).
CREATE TABLE IF NOT EXISTS articles(
  id TEXT PRIMARY KEY, file TEXT NOT NULL, t INTEGER NOT NULL, title TEXT NOT NULL, date TEXT,
  category TEXT NOT NULL, path TEXT NOT NULL, item TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS articles_by_file ON articles(file);
-- The newest dated article (热门's 24 hours end with it), found without reading the table.
CREATE INDEX IF NOT EXISTS articles_by_t ON articles(t, id);
-- Feeds: all, c:<category>, t:<tag>, s:<secid>; members in order (older first by t, then id).
CREATE TABLE IF NOT EXISTS feeds(fid INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE, count INTEGER NOT NULL, head TEXT);
CREATE TABLE IF NOT EXISTS members(
  fid INTEGER NOT NULL, t INTEGER NOT NULL, id TEXT NOT NULL, path TEXT NOT NULL, note TEXT,
  PRIMARY KEY(fid, t, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS feed_tags(fid INTEGER NOT NULL, tag TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(fid, tag)) WITHOUT ROWID;
-- How often a stock feed's articles name its security each way (written: a name other than its code), kept
-- as members come and go: its look-up entry shows the commonest, which read off every member's note took
-- 1 s a cron run at a million posts.
CREATE TABLE IF NOT EXISTS feed_names(fid INTEGER NOT NULL, written INTEGER NOT NULL, name TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(fid, written, name)) WITHOUT ROWID;
-- A feed's full pages (i from the oldest), with their newest member; and its lists of pages.
CREATE TABLE IF NOT EXISTS pages(fid INTEGER NOT NULL, i INTEGER NOT NULL, path TEXT NOT NULL, lt INTEGER NOT NULL, lid TEXT NOT NULL, PRIMARY KEY(fid, i)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pages_by_last ON pages(fid, lt, lid);
CREATE TABLE IF NOT EXISTS lists(fid INTEGER NOT NULL, k INTEGER NOT NULL, path TEXT NOT NULL, PRIMARY KEY(fid, k)) WITHOUT ROWID;
-- Look-up entries, and the shard files: each a run of keys from its first, n keys (content/lookup-shards.ts).
CREATE TABLE IF NOT EXISTS entries(id TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
-- The ids alone, in order, for where the shards are cut: a scan of the table would read every entry too.
CREATE INDEX IF NOT EXISTS entries_keys ON entries(id);
CREATE TABLE IF NOT EXISTS securities(secid TEXT PRIMARY KEY, json TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS shards(tbl TEXT NOT NULL, first TEXT NOT NULL, n INTEGER NOT NULL, path TEXT NOT NULL, PRIMARY KEY(tbl, first)) WITHOUT ROWID;
-- Twins (outputs/market/twins.ts): each article's story keys (its Eastmoney number, its normalized title
-- with its category and time, so that the title rule's other conditions are asked of rows, not records),
-- and for an article that has twins, them and the feeds it is left out of (a story is listed once there).
CREATE TABLE IF NOT EXISTS story_keys(key TEXT NOT NULL, id TEXT NOT NULL, category TEXT, t REAL, PRIMARY KEY(key, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS story_keys_by_id ON story_keys(id);
CREATE TABLE IF NOT EXISTS twins(id TEXT PRIMARY KEY, twins TEXT NOT NULL, hidden TEXT NOT NULL) WITHOUT ROWID;
-- The market view (outputs/market/security-rows.ts): each security's stories as its stock page lists them,
-- by time (per-day counts, 热门) and by article (co-mentions); and each security's history file.
CREATE TABLE IF NOT EXISTS sec_members(secid TEXT NOT NULL, t INTEGER NOT NULL, id TEXT NOT NULL, category TEXT NOT NULL, PRIMARY KEY(secid, t, id)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sec_members_by_id ON sec_members(id, secid);
CREATE INDEX IF NOT EXISTS sec_members_by_t ON sec_members(t);
-- How many stories each pair of securities shares (kept with sec_members: reading it off them cost 1.2 s
-- a cron run at a million posts).
CREATE TABLE IF NOT EXISTS sec_with(secid TEXT NOT NULL, other TEXT NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(secid, other)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS sec_with_most ON sec_with(secid, n DESC, other);
-- How many stories each security has on each Beijing day (kept with sec_members, for its history file:
-- counting a popular security's stories at every change read tens of thousands of rows).
CREATE TABLE IF NOT EXISTS sec_days(secid TEXT NOT NULL, day INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY(secid, day)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sec_history(secid TEXT PRIMARY KEY, path TEXT NOT NULL) WITHOUT ROWID;
-- Each category's 热门 file (none: nothing mentioned in its last 24 hours) and the securities it lists.
CREATE TABLE IF NOT EXISTS cat_hot(slug TEXT PRIMARY KEY, path TEXT, secids TEXT NOT NULL) WITHOUT ROWID;
-- Each category's stories of a Beijing day counted by security, for the sparklines of its 热门 (reading a
-- month of members at every build cost 0.14 s of a cron run at 100,000 posts). A day's row goes whenever a
-- member of that day is added, removed or changed (its mentions, its twins): a missing row is counted again.
CREATE TABLE IF NOT EXISTS cat_hot_days(slug TEXT NOT NULL, day INTEGER NOT NULL, counts TEXT NOT NULL, PRIMARY KEY(slug, day)) WITHOUT ROWID;
-- The search index (outputs/search): each article's search document by the day it was indexed under (its
-- time, date, category, title, file and twins as the twins table had them: a result names the other copies),
-- and each time segment's root entry and files. A segment's documents are one range of the key: read through
-- the articles table, a month of them took 0.4 to 0.6 s at 100,000 posts (its rows hold the items).
CREATE TABLE IF NOT EXISTS search_docs(
  day TEXT NOT NULL, id TEXT NOT NULL, t INTEGER NOT NULL, date TEXT, category TEXT NOT NULL, title TEXT NOT NULL,
  path TEXT NOT NULL, twins TEXT, PRIMARY KEY(day, id)) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS search_docs_by_id ON search_docs(id);
CREATE TABLE IF NOT EXISTS search_segments(key TEXT PRIMARY KEY, hash TEXT NOT NULL, json TEXT NOT NULL, files TEXT NOT NULL) WITHOUT ROWID;
-- What each segment's last write was made from (outputs/search/segment-patch.ts): the output code, its days
-- (each with its hash and number of documents) and the size its shard count was cut for. An edit that keeps
-- them patches the shards it reaches; a row missing or not matching, and the segment is merged whole.
CREATE TABLE IF NOT EXISTS search_layouts(key TEXT PRIMARY KEY, output TEXT NOT NULL, days TEXT NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;
-- Each search file's bytes by a hash of them (outputs/search): a file a segment writes again as it was (a
-- month's shards no edited term reaches, its other documents files) is linked to, not written. A row whose
-- file went is a memo lost: the file is written.
CREATE TABLE IF NOT EXISTS search_sums(sum TEXT PRIMARY KEY, path TEXT NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS search_sums_by_path ON search_sums(path);
-- Each day's search postings, encoded (outputs/search/search-days.ts), under a hash of the day's articles.
CREATE TABLE IF NOT EXISTS search_days(day TEXT PRIMARY KEY, hash TEXT NOT NULL, terms BLOB NOT NULL);
-- A feed's day files (outputs/feeds/day-index.ts), one a Beijing year, with their entries.
CREATE TABLE IF NOT EXISTS day_files(fid INTEGER NOT NULL, year TEXT NOT NULL, path TEXT NOT NULL, json TEXT NOT NULL, newest TEXT NOT NULL, oldest TEXT NOT NULL, PRIMARY KEY(fid, year)) WITHOUT ROWID;
-- Output files no longer named by anything, removed once the manifest that replaced them is in place.
CREATE TABLE IF NOT EXISTS garbage(path TEXT PRIMARY KEY) WITHOUT ROWID;
`

/** Bumped when the tables change shape: an index of another version is started afresh. */
const INDEX_VERSION = '6'

/**
 * Tables the outputs fill again from the records whenever the output code changes, which a change of their
 * shape is: one of another shape is dropped alone, and the posts are not read again.
 */
const REFILLED = ['search_docs']

/** Tables kept as rows change, and how an index from before they were kept fills them once from its rows. */
const FILLED_ONCE: Readonly<Record<string, string>> = {
  contested: 'INSERT OR IGNORE INTO contested SELECT id FROM posts WHERE id IS NOT NULL GROUP BY id HAVING count(*) > 1',
  feed_names:
    "INSERT INTO feed_names(fid, written, name, n) SELECT fid, note ->> '$.name' != note ->> '$.code', note ->> '$.name', count(*) FROM members WHERE note IS NOT NULL GROUP BY 1, 2, 3",
}

/** Each trigger of SCHEMA by name, with its CREATE TRIGGER statement as SQLite keeps it. */
const TRIGGERS: ReadonlyMap<string, string> = new Map(
  [...SCHEMA.matchAll(/CREATE TRIGGER IF NOT EXISTS (\w+)[\s\S]*?\bEND;/g)].map((m) => [m[1] ?? '', m[0].replace(' IF NOT EXISTS', '').slice(0, -1)]),
)

/** The CREATE TABLE statement of `table` in SCHEMA, as SQLite keeps it. */
function createStatement(table: string): string {
  const match = new RegExp(`CREATE TABLE IF NOT EXISTS ${table}\\(.*?\\)( WITHOUT ROWID)?;`, 's').exec(SCHEMA)
  if (!match) throw new Error(`no table ${table} in the index's schema`)
  return match[0].replace(' IF NOT EXISTS', '').slice(0, -1)
}

export type Db = Database.Database

export class ArchiveIndex {
  readonly db: Db
  readonly #meta: { get: Database.Statement<[string], { value: string }>; set: Database.Statement<[string, string]> }

  private constructor(db: Db) {
    this.db = db
    this.#meta = {
      get: db.prepare('SELECT value FROM meta WHERE key = ?'),
      set: db.prepare('INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value'),
    }
  }

  /** The index in `file`, or in memory when null (a build that remembers nothing). */
  static open(file: string | null): ArchiveIndex {
    if (file) mkdirSync(dirname(file), { recursive: true })
    let db = new Database(file ?? ':memory:')
    if (file && !ArchiveIndex.#readable(db)) {
      // Not a database, or a damaged one: it only ever held what the posts folder gives again.
      db.close()
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
      db = new Database(file)
    }
    const version = (): string | undefined => {
      try {
        return (db.prepare("SELECT value FROM meta WHERE key = 'version'").get() as { value: string } | undefined)?.value
      } catch {
        return undefined
      }
    }
    const existing = version()
    if (existing !== undefined && existing !== INDEX_VERSION && file) {
      db.close()
      db = new Database(file)
      ArchiveIndex.#drop(db)
    }
    // 8 KB pages for a new index (an index made before keeps its 4 KB; both are right). Fewer inner pages
    // and rows that stay on their page: cold builds in turns, the page cache emptied before each, took
    // 370.4 and 352.4 s against 387.0 and 358.8 s at a million and 33.5 s against 35.0 s on average of four
    // at 100,000; a new process's steps did not change (README, decision 11; tests/bench/HISTORY.md, stop 56).
    db.pragma('page_size = 8192')
    // WAL: a reader of the index never blocks, and a killed writer's transaction is simply not there.
    db.pragma('journal_mode = WAL')
    // NORMAL is safe against a killed process (what we guard against); FULL only adds safety for power cuts.
    db.pragma('synchronous = NORMAL')
    // 256 MB of page cache: a cold build's feed and look-up writes stay in memory at 100,000 posts.
    db.pragma('cache_size = -262144')
    db.pragma('temp_store = MEMORY')
    db.function('bucket_of', { deterministic: true }, (file) => bucketOf(String(file)))
    const stored = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck()
    for (const table of REFILLED) {
      const sql = stored.get(table) as string | undefined
      if (sql !== undefined && sql !== createStatement(table)) db.exec(`DROP TABLE ${table}`)
    }
    // A trigger whose text changed is made again: CREATE TRIGGER IF NOT EXISTS would keep the old one.
    const storedTrigger = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?").pluck()
    for (const [name, sql] of TRIGGERS) {
      const was = storedTrigger.get(name) as string | undefined
      if (was !== undefined && was !== sql) db.exec(`DROP TRIGGER ${name}`)
    }
    const missing = Object.keys(FILLED_ONCE).filter((table) => stored.get(table) === undefined)
    db.exec(SCHEMA)
    for (const table of missing) db.exec(FILLED_ONCE[table] as string)
    // An index that holds no post yet takes a rollback journal until its first commit (see commit()): its
    // first build is one transaction as large as the index, whose pages WAL writes twice (into the log, then
    // into the database when the log is checkpointed), where a rollback journal writes them once, as a new
    // page has nothing to keep for a rollback. A killed build's journal is rolled back at the next open.
    if (file !== null && db.prepare('SELECT NOT EXISTS (SELECT 1 FROM posts)').pluck().get() === 1) db.pragma('journal_mode = TRUNCATE')
    const index = new ArchiveIndex(db)
    index.set('version', INDEX_VERSION)
    return index
  }

  /** False when the file is not an SQLite database or is damaged (never for a busy one). */
  static #readable(db: Db): boolean {
    try {
      db.prepare('SELECT count(*) FROM sqlite_master').get()
      return true
    } catch (error) {
      const code = (error as { code?: unknown }).code
      if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') return false
      throw error
    }
  }

  static #drop(db: Db): void {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
    for (const { name } of tables) db.exec(`DROP TABLE IF EXISTS "${name}"`)
  }

  /** Commits the open transaction; the first commit of an index that had no post turns WAL on (see open). */
  commit(): void {
    this.db.exec('COMMIT')
    if (this.db.pragma('journal_mode', { simple: true }) === 'truncate') this.db.pragma('journal_mode = WAL')
  }

  get(key: string): string | undefined {
    return this.#meta.get.get(key)?.value
  }

  set(key: string, value: string): void {
    this.#meta.set.run(key, value)
  }

  /** Forgets everything but the garbage list (files on disk that still have to go). */
  reset(): void {
    const garbage = this.db.prepare('SELECT path FROM garbage').all() as { path: string }[]
    const db = this.db
    db.transaction(() => {
      for (const table of ['posts', 'post_buckets', 'contested', 'articles', 'feeds', 'members', 'feed_tags', 'feed_names', 'pages', 'lists', 'day_files', 'entries', 'securities', 'shards', 'story_keys', 'twins', 'sec_members', 'sec_with', 'sec_days', 'sec_history', 'cat_hot', 'cat_hot_days', 'search_docs', 'search_segments', 'search_layouts', 'search_sums', 'search_days', 'meta']) {
        db.exec(`DELETE FROM ${table}`)
      }
      this.set('version', INDEX_VERSION)
      const insert = db.prepare('INSERT OR IGNORE INTO garbage(path) VALUES (?)')
      for (const { path } of garbage) insert.run(path)
    })()
  }

  close(): void {
    this.db.close()
  }
}
