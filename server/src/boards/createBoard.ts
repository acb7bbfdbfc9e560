import type { Role, Settings } from '@sessionboard/shared';
import { ROLES, createBoardDoc, encodeBoardState, initBoardDoc, newStoredSession, settingsFromTemplate, templateById } from '@sessionboard/shared';
import type { BoardRecord, BoardStore, NewGroupBoard } from '../store/BoardStore.ts';
import { newBoardId, newJoinCode, newSecret } from '../security/keys.ts';
import type * as Y from 'yjs';

/** What a new board starts from. */
export interface NewBoard {
  title: string;
  team?: string | undefined;
  template?: string | undefined;
  /** Settings to use instead of the template's (an import). */
  settings?: Settings | undefined;
  /** Fills the new document (an import) after its meta is written. */
  fill?: ((doc: Y.Doc) => void) | undefined;
}

/**
 * A join code no board or workshop has (nor any in `taken`, codes handed out in the same creation):
 * one code space, so a typed code resolves to exactly one thing.
 */
export async function unusedJoinCode(store: BoardStore, taken: ReadonlySet<string> = new Set()): Promise<string> {
  let joinCode = newJoinCode();
  for (
    let i = 0;
    i < 20 && (taken.has(joinCode) || (await store.boardIdByJoinCode(joinCode)) !== null || (await store.workshopIdByJoinCode(joinCode)) !== null);
    i++
  ) {
    joinCode = newJoinCode();
  }
  return joinCode;
}

/** Creates a board with fresh keys and an unused join code, and stores its first snapshot and session. */
export async function createBoard(store: BoardStore, input: NewBoard): Promise<BoardRecord> {
  const board = prepareBoard(input, await unusedJoinCode(store), null);
  await store.createBoard(board.record, board.initialState, board.session);
  return board.record;
}

/** A new board's record, first snapshot and session, not yet stored (a workshop stores its groups in one go). */
export function prepareBoard(input: NewBoard, joinCode: string, workshop: string | null): NewGroupBoard {
  const template = templateById(input.template);
  const keys = Object.fromEntries(ROLES.map((r) => [r, newSecret()])) as Record<Role, string>;
  const record: BoardRecord = {
    id: newBoardId(),
    joinCode,
    title: input.title,
    team: input.team ?? '',
    template: template.id,
    createdAt: Date.now(),
    keys,
    workshop,
  };
  const doc = createBoardDoc();
  initBoardDoc(doc, { title: record.title, team: record.team, template: record.template, createdAt: record.createdAt });
  input.fill?.(doc);
  const session = newStoredSession(input.settings ?? settingsFromTemplate(template));
  const initialState = encodeBoardState(doc);
  doc.destroy();
  return { record, initialState, session: JSON.stringify(session) };
}
