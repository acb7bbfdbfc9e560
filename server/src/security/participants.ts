import { createHash } from 'node:crypto';
import { randomId } from '@sessionboard/shared';

/** Characters of a public participant id: 132 bits of the digest, in the id alphabet. */
const PUBLIC_ID_CHARS = 22;
/** Length of a secret the server makes for a client that brought none. */
const SECRET_CHARS = 24;

/**
 * The id others see for the holder of `secret` on `board`. Everyone on a board can read public ids
 * (presence, card authors, exports), so they must not prove anything: only the secret, which the
 * client keeps and sends in its handshake, does. A digest cannot be turned back into the secret, and
 * mixing in the board keeps one person's ids on two boards unlinkable.
 */
export function publicParticipantId(board: string, secret: string): string {
  return createHash('sha256').update(`sessionboard/participant\0${board}\0${secret}`).digest('base64url').slice(0, PUBLIC_ID_CHARS);
}

/**
 * The id a workshop knows the holder of `secret` by (its people list, its group assignment): like a
 * board's public id, a digest that proves nothing, scoped to the workshop so two workshops cannot link it.
 */
export function workshopParticipantId(workshop: string, secret: string): string {
  return createHash('sha256').update(`sessionboard/workshop-participant\0${workshop}\0${secret}`).digest('base64url').slice(0, PUBLIC_ID_CHARS);
}

/** A person's identity on one board: the secret they prove it with and the id everyone sees. */
export interface Identity {
  secret: string;
  participantId: string;
}

/** The identity of whoever holds `secret` (a new one when they brought none). */
export function identify(board: string, secret: string | undefined): Identity {
  const own = secret ?? randomId(SECRET_CHARS);
  return { secret: own, participantId: publicParticipantId(board, own) };
}

/** A person's identity in one workshop (a new secret when they brought none). */
export function identifyInWorkshop(workshop: string, secret: string | undefined): Identity {
  const own = secret ?? randomId(SECRET_CHARS);
  return { secret: own, participantId: workshopParticipantId(workshop, own) };
}
