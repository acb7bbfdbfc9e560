import type { WorkshopJoined } from '@sessionboard/shared';
import { ERROR_CODES, ROLE_LABELS, RuleError, cleanGroupName, cleanName } from '@sessionboard/shared';
import type { BoardStore, WorkshopMemberRecord, WorkshopRecord } from '../store/BoardStore.ts';
import { identifyInWorkshop } from '../security/participants.ts';

/** What a person sends to join (the code already checked). */
export interface JoinRequest {
  name: string;
  participant?: string | undefined;
  group?: string | undefined;
}

/** A join's answer, and whether the people list changed (someone added, or renamed). */
export interface JoinOutcome {
  joined: WorkshopJoined;
  changed: boolean;
}

type Group = WorkshopRecord['groups'][number];

function groupNamed(workshop: WorkshopRecord, name: string): Group | undefined {
  const wanted = cleanGroupName(name).toLowerCase();
  return workshop.groups.find((g) => g.name.toLowerCase() === wanted);
}

function names(workshop: WorkshopRecord): string {
  return workshop.groups.map((g) => `"${g.name}"`).join(', ');
}

/** The group with fewest members; ties go to the first in the instructor's order. */
export function emptiestGroup(workshop: WorkshopRecord, members: readonly WorkshopMemberRecord[]): Group {
  const sizes = new Map(workshop.groups.map((g) => [g.board, 0]));
  for (const m of members) if (sizes.has(m.board)) sizes.set(m.board, (sizes.get(m.board) ?? 0) + 1);
  let best = workshop.groups[0] as Group;
  for (const g of workshop.groups) if ((sizes.get(g.board) ?? 0) < (sizes.get(best.board) ?? 0)) best = g;
  return best;
}

/** The group for someone new: the one they asked for, else (balanced) the emptiest; RuleError `invalid` otherwise. */
function groupForNewcomer(workshop: WorkshopRecord, members: readonly WorkshopMemberRecord[], asked: string | undefined): Group {
  if (asked !== undefined) {
    const group = groupNamed(workshop, asked);
    if (!group) throw new RuleError(ERROR_CODES.invalid, `This workshop has no group called "${cleanGroupName(asked)}"; its groups are ${names(workshop)}.`);
    return group;
  }
  if (workshop.assignment === 'choose') {
    throw new RuleError(ERROR_CODES.invalid, `Choose a group to join (the instructor lets people pick): ${names(workshop)}.`);
  }
  return emptiestGroup(workshop, members);
}

/**
 * Joins a person to a workshop. Someone seen before (the same participant secret) always gets their
 * stored group back, whatever they ask for: only the instructor moves people. Someone new gets the
 * group they asked for, or, without one, the emptiest group (or a refusal when people must choose).
 * Callers run this one at a time per workshop, so counting and inserting cannot interleave.
 */
export async function joinWorkshop(store: BoardStore, workshop: WorkshopRecord, request: JoinRequest): Promise<JoinOutcome> {
  const { secret, participantId } = identifyInWorkshop(workshop.id, request.participant);
  const name = cleanName(request.name, ROLE_LABELS.member);
  const known = await store.workshopMember(workshop.id, participantId);
  const stored = known ? workshop.groups.find((g) => g.board === known.board) : undefined;
  let group: Group;
  let changed: boolean;
  if (known && stored) {
    group = stored;
    changed = known.name !== name;
    if (changed) await store.putWorkshopMember(workshop.id, { ...known, name });
  } else {
    group = groupForNewcomer(workshop, await store.workshopMembers(workshop.id), request.group);
    changed = true;
    await store.putWorkshopMember(workshop.id, { participant: participantId, name, board: group.board, joinedAt: Date.now() });
  }
  const board = await store.getBoard(group.board);
  if (!board) throw new Error(`workshop ${workshop.id} names board ${group.board}, which the store does not have`);
  return { joined: { board: board.id, key: board.keys.member, group: group.name, participant: secret }, changed };
}
