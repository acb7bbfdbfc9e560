import type { WorkshopMoved } from '@sessionboard/shared';
import type { BoardStore } from '../store/BoardStore.ts';

/**
 * Where a workshop member who just opened `board` belongs instead, or null when it is their group.
 * A move is told to the person's connections on the board they were on; a page on its way to another
 * board (following an earlier move, say, while a second console moves them again) is on none and
 * misses it. So a member's board connection asks the store once, after joining the room where moves
 * are told: a move stored before the question is in the answer, one stored after is told there.
 */
export async function movedSince(store: BoardStore, workshop: string, board: string, participant: string): Promise<WorkshopMoved | null> {
  const member = await store.workshopMember(workshop, participant);
  if (!member || member.board === board) return null;
  const [record, target] = await Promise.all([store.getWorkshop(workshop), store.getBoard(member.board)]);
  const group = record?.groups.find((g) => g.board === member.board);
  if (!group || !target) return null;
  return { board: target.id, key: target.keys.member, group: group.name };
}
