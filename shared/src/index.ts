/** Pure code shared by the server and the client: schema, rules, protocol, timer, templates, exports. */
export * from './errors.ts';
export * from './limits.ts';
export * from './roles.ts';
export * from './ids.ts';
export * from './protocol.ts';
export * from './session.ts';
export * from './votes.ts';
export * from './timer.ts';
export * from './template/types.ts';
export * from './template/mentoringSession.ts';
export * from './board/cardKinds.ts';
export * from './board/order.ts';
export * from './board/origins.ts';
export * from './board/schema.ts';
export * from './board/mutations.ts';
export * from './board/importCards.ts';
export * from './export/index.ts';
