// The kinds of security a mention can be. Its own module so the data schema does not pull the market
// table (markets.ts) into every route's first load.
export const MENTION_KINDS = ['stock', 'board', 'index', 'fund', 'bond', 'futures', 'other'] as const
export type MentionKind = (typeof MENTION_KINDS)[number]
