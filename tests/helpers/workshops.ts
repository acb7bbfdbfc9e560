import type { CreatedBoard, Role, WorkshopRole } from '@sessionboard/shared';
import { createBoard } from './server.ts';
import type { TestServer } from './server.ts';
import { createWorkshop } from './workshopHttp.ts';

/** A workshop made for a test, and a board outside it. */
export interface TestWorkshop {
  id: string;
  joinCode: string;
  keys: Record<WorkshopRole, string>;
  groups: { name: string; board: string; keys: Record<Role, string> }[];
  loneBoard: CreatedBoard;
}

/** Creates a workshop of `names` groups through POST /api/workshops, and a board of its own beside it. */
export async function createTestWorkshop(server: TestServer, names: string[]): Promise<TestWorkshop> {
  const created = await createWorkshop(server.url, { title: 'Test workshop', groups: names });
  return {
    id: created.id,
    joinCode: created.joinCode,
    keys: created.keys,
    groups: created.groups.map((g) => ({ name: g.name, board: g.board, keys: g.keys })),
    loneBoard: await createBoard(server.url),
  };
}
