// Run by folder-lock.test.ts in a process of its own: takes the lock of a folder and then, by mode,
//   hold  says "locked" and keeps it until a line arrives on standard input (or a signal ends it);
//   exit  says "locked" and ends with process.exit, never calling release();
//   log   appends "+<pid>" to <dir>/turns, rewrites a file there many times, appends "-<pid>", releases.
import { appendFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { acquireFolderLock } from '../../../src/pipeline/folder-lock.ts'

const [dir, mode] = process.argv.slice(2)
if (!dir || !mode) throw new Error('usage: hold-folder-lock.ts DIR hold|exit|log')

const lock = await acquireFolderLock(dir, { purpose: `test holder (${mode})`, pollMs: 20 })
if (mode === 'log') {
  const turns = join(dir, 'turns')
  appendFileSync(turns, `+${process.pid}\n`)
  // Work that takes a while, so that a second holder at the same time would show between the two lines.
  for (let i = 0; i < 300; i++) writeFileSync(join(dir, 'work'), `${process.pid} ${i}`)
  appendFileSync(turns, `-${process.pid}\n`)
  lock.release()
} else {
  process.stdout.write('locked\n')
  if (mode === 'exit') process.exit(0)
  process.stdin.once('data', () => {
    lock.release()
    process.exit(0)
  })
}
