/**
 * Anonymous weaknesses carry no author in the document, so the device that wrote one remembers it
 * (localStorage, per board): its author may still delete it. Another device, or a cleared browser,
 * no longer knows; the facilitator can always delete.
 */

/** Most card ids one board remembers (far above a session's weaknesses; keeps the entry small). */
const MAX_REMEMBERED_CARDS = 500;

function key(boardId: string): string {
  return `sessionboard:anonymous-cards:${boardId}`;
}

/** The anonymous cards this device wrote on `boardId`. */
export function loadAnonymousCards(boardId: string | null): string[] {
  if (!boardId) return [];
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(key(boardId)) ?? '[]');
    return Array.isArray(raw) ? raw.filter((id): id is string => typeof id === 'string') : [];
  } catch {
    return [];
  }
}

/** `ids` with `id` added, written to this device's list for `boardId`. */
export function rememberAnonymousCard(boardId: string, ids: readonly string[], id: string): string[] {
  if (ids.includes(id)) return [...ids];
  const next = [...ids, id].slice(-MAX_REMEMBERED_CARDS);
  try {
    localStorage.setItem(key(boardId), JSON.stringify(next));
  } catch {
    // Storage full or blocked (private mode): the card stays anonymous, only deleting it needs the facilitator.
  }
  return next;
}
