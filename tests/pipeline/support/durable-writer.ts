// Run by durable-file.test.ts in a process of its own: rewrites <file> with writeFileAtomicSync, over and
// over, alternately all "a" and all "b" (<bytes> of each), printing the number of each finished write,
// until it is killed.
import { writeFileAtomicSync } from '../../../src/pipeline/durable-file.ts'

const [file, bytes] = process.argv.slice(2)
if (!file || !bytes) throw new Error('usage: durable-writer.ts FILE BYTES')
const contents = [Buffer.alloc(Number(bytes), 'a'), Buffer.alloc(Number(bytes), 'b')]
for (let n = 0; ; n++) {
  writeFileAtomicSync(file, contents[n % 2] ?? '')
  process.stdout.write(`${n}\n`)
}
