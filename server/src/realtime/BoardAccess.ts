import type { IncomingMessage } from 'node:http';
import type { ErrorCode, Role } from '@sessionboard/shared';
import { ERROR_CODES, idSchema } from '@sessionboard/shared';
import type { Room } from '../rooms/Room.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { OpenConnections } from '../security/OpenConnections.ts';
import type { Limiter } from '../security/Limiter.ts';
import { roleForKey } from '../security/keys.ts';
import { identify } from '../security/participants.ts';
import type { Identity } from '../security/participants.ts';

/** A connection that passed the handshake: its room (held), role and identity. */
export interface Admitted extends Identity {
  room: Room;
  role: Role;
  /** Gives back this connection's place in its address's count of open connections; call it once it closes. */
  release: () => void;
}

/** What admission checks against, shared by both transports. */
export interface AdmissionLimits {
  /** The address the limits count by (TRUST_PROXY decides whether X-Forwarded-For is believed). */
  addressOf(req: IncomingMessage): string;
  /** Connection attempts per address. */
  attempts: Limiter;
  /** Connections open at once per address. */
  open: OpenConnections;
}

/** Why a connection was refused: one of the stable codes of DESIGN.md. */
export class AccessDenied extends Error {
  constructor(readonly code: ErrorCode) {
    super(code);
  }
}

/**
 * The one admission check both transports use: rate limit per address, board exists, key matches a
 * role (constant time), and a locked board admits only people it has seen before (and its facilitator).
 * The client's secret becomes the public participant id everyone else sees.
 */
export async function admit(
  rooms: RoomManager,
  limits: AdmissionLimits,
  address: string,
  board: unknown,
  key: unknown,
  /** The participant secret the client keeps (its handshake's `participant`), if it brought one. */
  secret: string | undefined,
): Promise<Admitted> {
  if (!(await limits.attempts.take(address)).ok) throw new AccessDenied(ERROR_CODES.rateLimited);
  if (!idSchema.safeParse(board).success) throw new AccessDenied(ERROR_CODES.boardNotFound);
  const room = await rooms.acquire(board as string);
  if (!room) throw new AccessDenied(ERROR_CODES.boardNotFound);
  const role = typeof key === 'string' && key.length <= 128 ? roleForKey(room.record.keys, key) : null;
  if (!role) {
    rooms.release(room, true);
    throw new AccessDenied(ERROR_CODES.forbidden);
  }
  const release = limits.open.tryOpen(address);
  if (!release) {
    rooms.release(room, true);
    throw new AccessDenied(ERROR_CODES.rateLimited);
  }
  const identity = identify(room.id, secret);
  if (room.session.state.locked && role !== 'facilitator') {
    let known = false;
    try {
      known = secret !== undefined && (await room.knows(identity.participantId));
    } finally {
      if (!known) {
        rooms.release(room, true);
        release();
      }
    }
    if (!known) throw new AccessDenied(ERROR_CODES.locked);
  }
  return { room, role, release, ...identity };
}
