/** Pure code shared by the server and the client: schema, rules, protocol, timer, templates, exports. */
// Everything without Yjs (what the start and join pages import on their own)...
export * from './light.ts';
// ...and the board document, its live text and its exports, which need it.
export * from './board/order.ts';
export * from './board/origins.ts';
export * from './board/schema.ts';
export * from './board/mutations.ts';
export * from './board/cardText.ts';
export * from './board/importCards.ts';
export * from './board/summary.ts';
export * from './export/index.ts';
