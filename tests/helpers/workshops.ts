import type { CreatedBoard, Role, WorkshopRole } from '@sessionboard/shared';
import { WORKSHOP_ROLES } from '@sessionboard/shared';
import { prepareBoard, unusedJoinCode } from '../../server/src/boards/createBoard.ts';
import { newBoardId, newSecret } from '../../server/src/security/keys.ts';
import { createBoard } from './server.ts';
import type { TestServer } from './server.ts';

/** A workshop made for a test, and a board outside it. */
export interface TestWorkshop {
  id: string;
  joinCode: string;
  keys: Record<WorkshopRole, string>;
  groups: { name: string; board: string; keys: Record<Role, string> }[];
  loneBoard: CreatedBoard;
}

/** Stores a workshop of `names` groups in the running server's store (as POST /api/workshops does). */
export async function createTestWorkshop(server: TestServer, names: string[]): Promise<TestWorkshop> {
  const store = server.app.store;
  const id = newBoardId();
  const taken = new Set<string>();
  const joinCode = await unusedJoinCode(store, taken);
  taken.add(joinCode);
  const boards = [];
  for (const name of names) {
    const code = await unusedJoinCode(store, taken);
    taken.add(code);
    boards.push(prepareBoard({ title: name, team: 'Workshop' }, code, id));
  }
  const keys = Object.fromEntries(WORKSHOP_ROLES.map((r) => [r, newSecret()])) as Record<WorkshopRole, string>;
  await store.createWorkshop(
    {
      id,
      joinCode,
      title: 'Test workshop',
      createdAt: Date.now(),
      keys,
      groups: boards.map((b, i) => ({ name: names[i]!, board: b.record.id })),
      assignment: 'balanced',
      notice: null,
      rotation: null,
    },
    boards,
  );
  return {
    id,
    joinCode,
    keys,
    groups: boards.map((b, i) => ({ name: names[i]!, board: b.record.id, keys: b.record.keys })),
    loneBoard: await createBoard(server.url),
  };
}
