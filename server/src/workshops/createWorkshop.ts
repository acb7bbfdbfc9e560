import type { CreateWorkshop, Settings, WorkshopRole } from '@sessionboard/shared';
import { ERROR_CODES, RuleError, WORKSHOP_ROLES, defaultGroupNames, settingsFromTemplate, settingsSchema, templateById } from '@sessionboard/shared';
import { prepareBoard, unusedJoinCode } from '../boards/createBoard.ts';
import type { BoardStore, NewGroupBoard, WorkshopRecord } from '../store/BoardStore.ts';
import { newBoardId, newSecret } from '../security/keys.ts';

/** A stored workshop and its group boards, as created (the route turns them into links). */
export interface NewWorkshop {
  record: WorkshopRecord;
  boards: NewGroupBoard[];
}

/**
 * The settings every group board starts with: the template's, with the workshop's partial settings
 * over them. The merge is checked as a whole, since parts that are each valid can disagree (a step
 * list that no longer suits the template, say); a RuleError `invalid` says which field is wrong.
 */
export function workshopSettings(template: string | undefined, partial: Partial<Settings> | undefined): Settings {
  const base = settingsFromTemplate(templateById(template));
  if (!partial) return base;
  const merged = settingsSchema.safeParse({ ...base, ...partial });
  if (!merged.success) {
    const issue = merged.error.issues[0];
    throw new RuleError(ERROR_CODES.invalid, `Those settings are not valid: ${issue ? `${['settings', ...issue.path].join('.')} ${issue.message}` : 'bad value'}.`);
  }
  return merged.data;
}

/**
 * Creates a workshop: fresh keys for its three roles, a join code, and one ordinary board per group
 * (titled by the group's name, the workshop's title as team), each with its own keys and join code.
 * Every code is unused by any board or workshop, and the workshop with all its boards is stored in one
 * transaction, so a failure leaves no half-made workshop behind.
 */
export async function createWorkshop(store: BoardStore, input: CreateWorkshop): Promise<NewWorkshop> {
  const settings = workshopSettings(input.template, input.settings);
  const names = typeof input.groups === 'number' ? defaultGroupNames(input.groups) : input.groups;
  const id = newBoardId();
  const taken = new Set<string>();
  const code = async (): Promise<string> => {
    const joinCode = await unusedJoinCode(store, taken);
    taken.add(joinCode);
    return joinCode;
  };
  const joinCode = await code();
  const boards: NewGroupBoard[] = [];
  for (const name of names) {
    boards.push(prepareBoard({ title: name, team: input.title, template: input.template, settings }, await code(), id));
  }
  const record: WorkshopRecord = {
    id,
    joinCode,
    title: input.title,
    createdAt: Date.now(),
    keys: Object.fromEntries(WORKSHOP_ROLES.map((r) => [r, newSecret()])) as Record<WorkshopRole, string>,
    groups: names.map((name, i) => ({ name, board: (boards[i] as NewGroupBoard).record.id })),
    assignment: input.assignment ?? 'balanced',
    notice: null,
    rotation: null,
  };
  await store.createWorkshop(record, boards);
  return { record, boards };
}
