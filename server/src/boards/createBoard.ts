import type { Role, Settings } from '@sessionboard/shared';
import { ROLES, createBoardDoc, encodeBoardState, initBoardDoc, settingsFromTemplate, templateById } from '@sessionboard/shared';
import type { BoardRecord, BoardStore } from '../store/BoardStore.ts';
import { newStoredSession } from '../rooms/RoomSession.ts';
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

/** Creates a board with fresh keys and an unused join code, and stores its first snapshot and session. */
export async function createBoard(store: BoardStore, input: NewBoard): Promise<BoardRecord> {
  const template = templateById(input.template);
  let joinCode = newJoinCode();
  for (let i = 0; i < 20 && (await store.boardIdByJoinCode(joinCode)) !== null; i++) joinCode = newJoinCode();
  const keys = Object.fromEntries(ROLES.map((r) => [r, newSecret()])) as Record<Role, string>;
  const record: BoardRecord = {
    id: newBoardId(),
    joinCode,
    title: input.title,
    team: input.team ?? '',
    template: template.id,
    createdAt: Date.now(),
    keys,
  };
  const doc = createBoardDoc();
  initBoardDoc(doc, { title: record.title, team: record.team, template: record.template, createdAt: record.createdAt });
  input.fill?.(doc);
  const session = newStoredSession(input.settings ?? settingsFromTemplate(template));
  await store.createBoard(record, encodeBoardState(doc), JSON.stringify(session));
  doc.destroy();
  return record;
}
