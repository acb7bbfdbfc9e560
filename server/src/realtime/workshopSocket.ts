import type { WorkshopCommandAck, WorkshopRole } from '@sessionboard/shared';
import { ERROR_CODES, WORKSHOP_EVENTS, WORKSHOP_ROLES, idSchema, workshopCommandSchema } from '@sessionboard/shared';
import type { Logger } from '../logger.ts';
import { ConnectionBudget } from '../rooms/ConnectionBudget.ts';
import { roleAmong } from '../security/keys.ts';
import type { BoardStore } from '../store/BoardStore.ts';
import type { WorkshopHub } from '../workshops/WorkshopHub.ts';
import type { WorkshopLive } from '../workshops/WorkshopLive.ts';
import { workshopRooms } from '../workshops/WorkshopLive.ts';
import { runWorkshopCommand } from '../workshops/workshopCommands.ts';
import type { AdmissionLimits } from './BoardAccess.ts';
import { AccessDenied } from './BoardAccess.ts';
import { readCommand } from './commandPayload.ts';
import type { IoSocket } from './types.ts';

/** A workshop view that passed the handshake: its live view (held) and role. */
export interface AdmittedWorkshop {
  live: WorkshopLive;
  role: WorkshopRole;
  release: () => void;
}

/**
 * The handshake of a workshop's live view (`auth: { workshop, key }`): the same per-address limits as
 * boards, then the workshop exists (`workshop_not_found`) and the key is one of its three (`forbidden`).
 */
export async function admitWorkshop(
  hub: WorkshopHub,
  store: BoardStore,
  limits: AdmissionLimits,
  address: string,
  workshop: unknown,
  key: unknown,
): Promise<AdmittedWorkshop> {
  if (!(await limits.attempts.take(address)).ok) throw new AccessDenied(ERROR_CODES.rateLimited);
  if (!idSchema.safeParse(workshop).success) throw new AccessDenied(ERROR_CODES.workshopNotFound);
  const record = await store.getWorkshop(workshop as string);
  if (!record) throw new AccessDenied(ERROR_CODES.workshopNotFound);
  const role = typeof key === 'string' && key.length <= 128 ? roleAmong(record.keys, WORKSHOP_ROLES, key) : null;
  if (!role) throw new AccessDenied(ERROR_CODES.forbidden);
  const release = limits.open.tryOpen(address);
  if (!release) throw new AccessDenied(ERROR_CODES.rateLimited);
  const live = await hub.acquire(record.id).catch((err: unknown) => {
    release();
    throw err;
  });
  if (!live) {
    release();
    throw new AccessDenied(ERROR_CODES.workshopNotFound);
  }
  return { live, role, release };
}

/** Commands one view may send: an instructor clicks, never streams. */
const commandBudget = new ConnectionBudget<IoSocket>(20, 5);

/** A connected workshop view: its Socket.IO rooms, the first state, and `workshop:command`. */
export function serveWorkshopSocket(socket: IoSocket, live: WorkshopLive, role: WorkshopRole, hub: WorkshopHub, store: BoardStore, logger: Logger): void {
  const rooms = workshopRooms(live.id);
  void socket.join(rooms.all);
  if (role !== 'projector') void socket.join(rooms.staff);
  if (role === 'instructor') void socket.join(rooms.instructor);

  socket.emit(WORKSHOP_EVENTS.state, live.state());
  if (role !== 'projector') socket.emit(WORKSHOP_EVENTS.priorities, live.priorities());
  if (role === 'instructor') {
    live.people().then(
      (people) => socket.emit(WORKSHOP_EVENTS.people, people),
      (err: unknown) => logger.error({ err, workshop: live.id }, 'people list not sent'),
    );
  }

  socket.on(WORKSHOP_EVENTS.command, (payload: unknown, ack: unknown) => {
    const answer = (a: WorkshopCommandAck) => {
      if (typeof ack === 'function') (ack as (a: WorkshopCommandAck) => void)(a);
      else if (!a.ok) socket.emit('error', a.error);
    };
    if (!commandBudget.take(socket)) {
      answer({ ok: false, error: { code: ERROR_CODES.rateLimited, message: 'Too many workshop commands at once; wait a moment.' } });
      return;
    }
    const parsed = readCommand(workshopCommandSchema, payload, 'workshop command');
    if ('error' in parsed) {
      answer({ ok: false, error: parsed.error });
      return;
    }
    runWorkshopCommand(live, role, parsed.data, store, logger).then(answer, (err: unknown) => {
      logger.error({ err, workshop: live.id }, 'workshop command failed');
      answer({ ok: false, error: { code: ERROR_CODES.internal, message: 'The server could not apply that command; nothing may have changed. Try again.' } });
    });
  });

  let left = false;
  socket.on('disconnect', () => {
    if (left) return;
    left = true;
    hub.release(live);
  });
}
