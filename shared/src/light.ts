/**
 * The part of shared/ that needs no Yjs: errors, limits, roles, ids, the protocol and its schemas,
 * session and vote rules (and the server's session rules class, RoomSession), templates, workshops. The start and join pages and the workshop views import this entry, so a
 * phone opening the join link over venue Wi-Fi does not download the sync libraries (yjs has module
 * side effects, so importing the main entry pulls it in whatever is used).
 */
export * from './errors.ts';
export * from './limits.ts';
export * from './roles.ts';
export * from './ids.ts';
export * from './protocol.ts';
export * from './session.ts';
export * from './votes.ts';
export * from './roomSession.ts';
export * from './timer.ts';
export * from './template/types.ts';
export * from './template/mentoringSession.ts';
export * from './board/cardKinds.ts';
export * from './workshop.ts';
export * from './serverPayloads.ts';
export * from './workshopPayloads.ts';
