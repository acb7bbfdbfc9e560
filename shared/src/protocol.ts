/**
 * The wire protocol, defined once. Socket.IO's server and client are typed with these interfaces, and
 * the server parses every inbound payload with these schemas at runtime (types do not validate).
 */
import { z } from 'zod';
import type { ProtocolError } from './errors.ts';
import { MAX_DURATION_MS, MAX_NAME_CHARS } from './limits.ts';
import type { Role } from './roles.ts';
import type { MyVotes, SessionState } from './session.ts';
import type { GroupPriorities, WorkshopCommand, WorkshopCommandAck, WorkshopMoved, WorkshopPerson, WorkshopState } from './workshop.ts';
import { settingsSchema } from './session.ts';
import type { ServerStatus } from './serverPayloads.ts';

/** Bumped on any incompatible change to the events, payloads or document shape. */
export const PROTOCOL_VERSION = 2;

/** Event names, so no module spells them twice. */
export const EVENTS = {
  hello: 'hello',
  yjs: 'yjs',
  command: 'session:command',
  state: 'session:state',
  votesMine: 'votes:mine',
  clock: 'clock',
  error: 'error',
} as const;

/** Opaque ids: board ids, keys, participant ids and card ids. */
export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{6,64}$/, 'an id of 6 to 64 letters, digits, - or _');

/** Socket.IO handshake `auth`. */
export const handshakeSchema = z.object({
  board: idSchema,
  key: z.string().min(1).max(128),
  name: z.string().max(200).optional(),
  participant: idSchema.optional(),
});
/** Parsed handshake. */
export type Handshake = z.infer<typeof handshakeSchema>;

/** Trims and shortens a display name, with a fallback for people who gave none. */
export function cleanName(name: string | undefined, fallback: string): string {
  const cleaned = (name ?? '').replace(/\s+/g, ' ').trim().slice(0, MAX_NAME_CHARS);
  return cleaned.length > 0 ? cleaned : fallback;
}

/** Every `session:command`, by `type`. */
export const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('timer.start'), durationMs: z.number().int().min(1000).max(MAX_DURATION_MS).optional() }),
  z.object({ type: z.literal('timer.pause') }),
  z.object({ type: z.literal('timer.resume') }),
  z.object({ type: z.literal('timer.extend'), ms: z.number().int().min(-MAX_DURATION_MS).max(MAX_DURATION_MS) }),
  z.object({ type: z.literal('timer.reset') }),
  z.object({ type: z.literal('step.goto'), step: z.number().int().min(0) }),
  z.object({ type: z.literal('votes.reveal'), revealed: z.boolean() }),
  z.object({ type: z.literal('board.lock'), locked: z.boolean() }),
  z.object({ type: z.literal('settings.update'), settings: settingsSchema.partial() }),
  z.object({ type: z.literal('vote.add'), card: idSchema }),
  z.object({ type: z.literal('vote.remove'), card: idSchema }),
  z.object({ type: z.literal('help.request'), requested: z.boolean() }),
]);
/** One parsed `session:command`. */
export type Command = z.infer<typeof commandSchema>;
/** The `type` of a {@link Command}. */
export type CommandType = Command['type'];

/** Answer to every `session:command`. */
export type CommandAck = { ok: true; state: SessionState } | { ok: false; error: ProtocolError };

/** Sent once, right after connecting. */
export interface Hello {
  role: Role;
  /** The public id others see for this person on this board (presence, card authors, exports). */
  participantId: string;
  /**
   * The secret that proves this person's identity: send it back as the handshake's `participant` to
   * keep votes and identity across reloads. Sent only to its owner; never broadcast or exported.
   */
  participant: string;
  /** Server `Date.now()` when sent, a first clock estimate. */
  serverNow: number;
  state: SessionState;
  mine: MyVotes;
  /** The name the server will show for this connection. */
  name: string;
  /** The board's short join code (resolves to the member link). */
  joinCode: string;
  protocolVersion: number;
}

/** Events the server emits. */
export interface ServerToClientEvents {
  hello: (hello: Hello) => void;
  yjs: (frame: Uint8Array) => void;
  'session:state': (state: SessionState) => void;
  'votes:mine': (mine: MyVotes) => void;
  error: (error: ProtocolError) => void;
  /** Workshop live views (handshake `{ workshop, key }`) only. */
  'workshop:state': (state: WorkshopState) => void;
  'workshop:priorities': (priorities: GroupPriorities[]) => void;
  'workshop:people': (people: WorkshopPerson[]) => void;
  /** To a person's board connections when the instructor moved them to another group: open that board. */
  'workshop:moved': (moved: WorkshopMoved) => void;
  /** Scale-out only: this process lost or regained its link to the other processes. */
  'server:status': (status: ServerStatus) => void;
}

/** Events a client emits. */
export interface ClientToServerEvents {
  yjs: (frame: Uint8Array | ArrayBuffer) => void;
  'session:command': (command: Command, ack: (answer: CommandAck) => void) => void;
  clock: (ack: (serverNow: number) => void) => void;
  /** Workshop live views only. */
  'workshop:command': (command: WorkshopCommand, ack: (answer: WorkshopCommandAck) => void) => void;
}

/** Answer of `POST /api/boards`. */
export interface CreatedBoard {
  id: string;
  joinCode: string;
  keys: Record<Role, string>;
  links: Record<Role, string>;
}

/** Body of `POST /api/boards`. */
export const createBoardSchema = z.object({
  title: z.string().trim().min(1).max(120),
  team: z.string().trim().max(120).optional(),
  template: z.string().max(64).optional(),
});

/** Join codes: six characters without look-alikes (no 0/O, 1/I/L), shown as `ABC-DEF`. */
export const JOIN_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

/** Normalises what a person typed (case, spaces, dashes) into a join code, or `null` if it cannot be one. */
export function normaliseJoinCode(input: string): string | null {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  if (code.length !== 6) return null;
  for (const ch of code) if (!JOIN_CODE_ALPHABET.includes(ch)) return null;
  return code;
}

/** `ABCDEF` as `ABC-DEF`, easier to read from the back of a room. */
export function formatJoinCode(code: string): string {
  return code.length === 6 ? `${code.slice(0, 3)}-${code.slice(3)}` : code;
}

/**
 * The page path that opens `board` with `key` (the key rides in the fragment, so it is never logged).
 * The projector's link says so, so the room screen opens without asking anyone for a name.
 */
export function boardPath(board: string, key: string, role?: string): string {
  return `/b/${board}#key=${key}${role === 'projector' ? '&view=projector' : ''}`;
}

/**
 * A `yjs` payload as bytes, or null when it is not bytes. The msgpack parser delivers binary sent as a
 * Uint8Array as an ArrayBuffer (and a Node Buffer as a Buffer), so both are accepted.
 */
export function toFrame(value: unknown): Uint8Array | null {
  // ArrayBuffer.isView, not instanceof alone: a decoded map with a `__proto__` key can have a Buffer as
  // its prototype, pass instanceof, and throw on the first read of its length (found by npm run fuzz).
  if (value instanceof Uint8Array && ArrayBuffer.isView(value)) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return null;
}

/**
 * `frame` backed by a buffer of exactly its own length. The msgpack parser encodes a view's whole
 * underlying buffer, so a view into a larger buffer must be copied before it is emitted.
 */
export function exactFrame(frame: Uint8Array): Uint8Array {
  return frame.byteOffset === 0 && frame.byteLength === frame.buffer.byteLength ? frame : frame.slice();
}

/**
 * `frame` as the ArrayBuffer to emit from a browser: the msgpack parser's browser build encodes only
 * ArrayBuffers as binary (a Uint8Array would go out as a map of numbers).
 */
export function wireFrame(frame: Uint8Array): ArrayBuffer {
  return exactFrame(frame).buffer as ArrayBuffer;
}
