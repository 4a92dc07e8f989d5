// The queries both search benches measure, one per kind a reader types (#13 asks for the figures per kind).
export const QUERIES: readonly { kind: string; query: string }[] = [
  { kind: 'rare word', query: '北向资金' },
  { kind: 'common word', query: '公司' },
  { kind: 'long phrase', query: '新能源汽车' },
  { kind: 'two words', query: '央行 降准' },
  { kind: 'code', query: '600519' },
]
