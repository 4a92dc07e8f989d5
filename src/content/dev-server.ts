// The message `npm run dev` sends the open reader when it has rebuilt the data after a post changed.
export const DATA_CHANGED_EVENT = 'finews:data-changed'
