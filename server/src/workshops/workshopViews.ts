import type { WorkshopInfo, WorkshopJoinInfo, WorkshopPerson, WorkshopRole } from '@sessionboard/shared';
import { BOARD_ROLE_FOR } from '@sessionboard/shared';
import type { BoardStore, WorkshopMemberRecord, WorkshopRecord } from '../store/BoardStore.ts';

/** How many members each group's board has. */
function sizes(members: readonly WorkshopMemberRecord[]): Map<string, number> {
  const count = new Map<string, number>();
  for (const m of members) count.set(m.board, (count.get(m.board) ?? 0) + 1);
  return count;
}

/** What anyone with the workshop's join code sees: its groups and how many joined each (no keys, no names). */
export async function workshopJoinInfo(store: BoardStore, workshop: WorkshopRecord): Promise<WorkshopJoinInfo> {
  const count = sizes(await store.workshopMembers(workshop.id));
  return {
    workshop: workshop.id,
    title: workshop.title,
    groups: workshop.groups.map((g) => ({ name: g.name, members: count.get(g.board) ?? 0 })),
    assignment: workshop.assignment,
  };
}

/** A workshop as one of its roles sees it: each group's board with the key that role opens it with. */
export async function workshopInfo(
  store: BoardStore,
  workshop: WorkshopRecord,
  role: WorkshopRole,
  links: WorkshopInfo['links'],
): Promise<WorkshopInfo> {
  const groups: WorkshopInfo['groups'] = [];
  for (const g of workshop.groups) {
    const board = await store.getBoard(g.board);
    if (board) groups.push({ name: g.name, board: board.id, key: board.keys[BOARD_ROLE_FOR[role]] });
  }
  return { id: workshop.id, title: workshop.title, joinCode: workshop.joinCode, role, groups, assignment: workshop.assignment, links };
}

/** The people who joined, for the instructor: the workshop-scoped public id (never a secret), name, group. */
export async function workshopPeople(store: BoardStore, workshop: WorkshopRecord): Promise<WorkshopPerson[]> {
  const groupOf = new Map(workshop.groups.map((g) => [g.board, g.name]));
  return (await store.workshopMembers(workshop.id)).map((m) => ({
    participant: m.participant,
    name: m.name,
    group: groupOf.get(m.board) ?? '',
    joinedAt: m.joinedAt,
  }));
}
