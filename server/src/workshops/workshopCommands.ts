import type { BoardResult, Command, WorkshopCommand, WorkshopCommandAck, WorkshopRole } from '@sessionboard/shared';
import { DEFAULT_ROTATION_MS, ERROR_CODES, cleanGroupName, proposeRotation, workshopRoleMay } from '@sessionboard/shared';
import type { Logger } from '../logger.ts';
import type { BoardStore } from '../store/BoardStore.ts';
import type { WorkshopLive } from './WorkshopLive.ts';

/** Who the instructor's `all.*` commands act as on each board (no votes, so no ledger entry). */
const INSTRUCTOR_PARTICIPANT = 'workshop-instructor';

/** The board command an `all.*` command runs on every group's board, or null for a workshop-only command. */
function boardCommand(command: WorkshopCommand): Command | null {
  switch (command.type) {
    case 'all.step.goto':
      return { type: 'step.goto', step: command.step };
    case 'all.timer.start':
      return command.durationMs === undefined ? { type: 'timer.start' } : { type: 'timer.start', durationMs: command.durationMs };
    case 'all.timer.pause':
      return { type: 'timer.pause' };
    case 'all.timer.resume':
      return { type: 'timer.resume' };
    case 'all.timer.extend':
      return { type: 'timer.extend', ms: command.ms };
    case 'all.timer.reset':
      return { type: 'timer.reset' };
    case 'all.votes.reveal':
      return { type: 'votes.reveal', revealed: command.revealed };
    case 'all.board.lock':
      return { type: 'board.lock', locked: command.locked };
    default:
      return null;
  }
}

const fail = (code: (typeof ERROR_CODES)[keyof typeof ERROR_CODES], message: string): WorkshopCommandAck => ({ ok: false, error: { code, message } });

/**
 * Runs one `workshop:command` from `role`. `all.*` run on every group's board exactly as its
 * facilitator's command would, each acknowledged on its own, so a board that refused is named.
 */
export async function runWorkshopCommand(
  live: WorkshopLive,
  role: WorkshopRole,
  command: WorkshopCommand,
  store: BoardStore,
  logger: Logger,
): Promise<WorkshopCommandAck> {
  if (!workshopRoleMay(role, command.type)) {
    return fail(ERROR_CODES.forbidden, `The ${role} of a workshop may not ${command.type.replace(/\./g, ' ')}.`);
  }
  // A lowered hand touches one board and is the same whoever sends it; every other command is the
  // instructor's and waits for any other console's change to this workshop to finish first.
  if (command.type === 'help.ack') return run(live, command, store, logger);
  return live.exclusive(() => run(live, command, store, logger));
}

async function run(live: WorkshopLive, command: WorkshopCommand, store: BoardStore, logger: Logger): Promise<WorkshopCommandAck> {
  const forBoards = boardCommand(command);
  if (forBoards) {
    const results: BoardResult[] = await Promise.all(
      live.groupRooms().map(async ({ room }) => {
        const ack = await room.run(forBoards, 'facilitator', INSTRUCTOR_PARTICIPANT);
        return ack.ok ? { board: room.id, ok: true } : { board: room.id, ok: false, error: ack.error };
      }),
    );
    return { ok: true, state: live.state(), results };
  }
  switch (command.type) {
    case 'notice': {
      const notice = command.message === null ? null : { message: command.message, at: Date.now() };
      await store.updateWorkshop(live.id, { notice });
      live.update({ notice });
      const results = await Promise.all(
        live.groupRooms().map(({ room }) =>
          room.alterSession((s) => s.setNotice(notice)).then(
            (): BoardResult => ({ board: room.id, ok: true }),
            (err: unknown): BoardResult => {
              logger.error({ err, board: room.id }, 'notice not saved on a board');
              return { board: room.id, ok: false, error: { code: ERROR_CODES.internal, message: 'The notice could not be saved on this board.' } };
            },
          ),
        ),
      );
      return { ok: true, state: live.state(), results };
    }
    case 'help.ack': {
      const group = live.groupOf(command.board);
      if (!group) return fail(ERROR_CODES.boardNotFound, 'That board is not a group of this workshop.');
      await group.room.alterSession((s) => s.lowerHand());
      return { ok: true, state: live.state() };
    }
    case 'assignment.set':
      await store.updateWorkshop(live.id, { assignment: command.assignment });
      live.update({ assignment: command.assignment });
      return { ok: true, state: live.state() };
    case 'participant.move': {
      const wanted = cleanGroupName(command.group).toLowerCase();
      const group = live.record.groups.find((g) => g.name.toLowerCase() === wanted);
      if (!group) return fail(ERROR_CODES.invalid, `There is no group called "${command.group.slice(0, 60)}".`);
      const member = await store.workshopMember(live.id, command.participant);
      if (!member) return fail(ERROR_CODES.invalid, 'Nobody with that id has joined this workshop.');
      await store.putWorkshopMember(live.id, { ...member, board: group.board });
      const to = live.groupOf(group.board);
      const from = live.groupOf(member.board);
      if (to && from && from !== to) {
        const moved = { board: group.board, key: to.room.record.keys.member, group: group.name };
        live.tellMoved(from.room.id, member.participant, moved);
      }
      // Read back from the store by every process's console, this one's included.
      await live.peopleChangedEverywhere();
      return { ok: true, state: live.state() };
    }
    case 'rotation.set': {
      const mentoring = live.groupRooms()[0]?.room.session.state.settings.steps.find((s) => /mentor/i.test(s.title) && s.durationMs >= 10 * 60_000);
      const totalMs = command.totalMs ?? mentoring?.durationMs ?? DEFAULT_ROTATION_MS;
      const rotation = command.mentors.length === 0 ? null : proposeRotation(live.record.groups.map((g) => g.name), command.mentors, totalMs);
      await store.updateWorkshop(live.id, { rotation });
      live.update({ rotation });
      return { ok: true, state: live.state() };
    }
  }
  return fail(ERROR_CODES.invalid, 'Unknown workshop command.');
}
