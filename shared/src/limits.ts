/** Size and rate limits shared by the server (which enforces them) and the client (which avoids hitting them). */

/** Largest inbound `yjs` frame, in bytes (but see {@link MAX_SYNC_REPLY_BYTES}). */
export const MAX_FRAME_BYTES = 1024 * 1024;
/**
 * Largest inbound sync step 2 (a client's answer: everything it has that the server lacks). A client
 * back from a long time offline may hold more than one frame's worth; refusing its answer would close it
 * on every reconnect, and it could never sync. The board cap bounds what it may add.
 */
export const MAX_SYNC_REPLY_BYTES = 16 * 1024 * 1024;
/** What a transport accepts in one message before it closes the connection: the sync reply and its framing. */
export const MAX_TRANSPORT_MESSAGE_BYTES = MAX_SYNC_REPLY_BYTES + 64 * 1024;
/** Largest awareness (presence) frame, in bytes. */
export const MAX_AWARENESS_BYTES = 4 * 1024;
/** Awareness frames a connection may send per second; more are dropped. */
export const AWARENESS_FRAMES_PER_SECOND = 20;
/** Largest JSON command payload, in bytes (settings updates are the largest). */
export const MAX_COMMAND_BYTES = 16 * 1024;
/** A board's encoded document may not grow past this many bytes. */
export const MAX_BOARD_BYTES = 16 * 1024 * 1024;
/** Longest card text, in characters; the client stops typing here. */
export const MAX_CARD_TEXT_CHARS = 2000;
/** Longest display name, in characters. */
export const MAX_NAME_CHARS = 40;
/** Longest board title, in characters. */
export const MAX_TITLE_CHARS = 120;
/** Longest step list a board may have. */
export const MAX_STEPS = 20;
/** Longest timebox, in milliseconds (four hours). */
export const MAX_DURATION_MS = 4 * 60 * 60 * 1000;
