/**
 * Schemas of what the server sends a board client, so the client checks every payload before it
 * reaches the store (types do not validate, and a proxy, an old server or a bug can send anything).
 * Unknown extra fields pass: a newer server may add some.
 */
import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';
import { ROLES } from './roles.ts';
import type { Hello } from './protocol.ts';
import type { MyVotes, SessionState } from './session.ts';
import { settingsSchema } from './session.ts';
import type { WorkshopMoved } from './workshop.ts';

/** A timer as `session:state` and `workshop:state` carry it. */
export const timerSchema = z.object({
  status: z.enum(['idle', 'running', 'paused', 'finished']),
  step: z.number().int().min(0),
  durationMs: z.number().min(0),
  endsAt: z.number().optional(),
  remainingMs: z.number().optional(),
});

/** `session:state`. */
export const sessionStateSchema = z.looseObject({
  step: z.number().int().min(0),
  votesRevealed: z.boolean(),
  locked: z.boolean(),
  settings: settingsSchema,
  votes: z.record(z.string(), z.number()).nullable(),
  timer: timerSchema,
  voters: z.number().int().min(0).default(0),
  // Servers before workshops sent neither; they read as no hand and no notice.
  help: z.object({ requested: z.boolean(), since: z.number().optional() }).default({ requested: false }),
  notice: z.object({ message: z.string().max(280), at: z.number() }).nullable().default(null),
  version: z.number().int(),
});

/** `votes:mine`. */
export const myVotesSchema = z.record(z.string(), z.number().int().min(0)).refine((v) => typeof v.left === 'number', 'left is missing');

/** `hello`. */
export const helloSchema = z.looseObject({
  role: z.enum(ROLES),
  participantId: z.string().min(1).max(64),
  participant: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/),
  serverNow: z.number(),
  state: sessionStateSchema,
  mine: myVotesSchema,
  name: z.string().max(200),
  joinCode: z.string().max(16),
  protocolVersion: z.number().int(),
});

/** `error`. */
export const protocolErrorSchema = z.object({ code: z.string().max(64), message: z.string().max(2000) });

/** `workshop:moved`. */
export const workshopMovedSchema = z.object({
  board: z.string().regex(/^[A-Za-z0-9_-]{6,64}$/),
  key: z.string().min(1).max(128),
  group: z.string().max(200),
});

/**
 * `server:status` (an addition to DESIGN.md's events, scale-out only): whether the process this client
 * is connected to reaches the other processes. While it does not, people connected to other processes
 * are not seen live; nothing is lost, and their work arrives when the link returns.
 */
export const serverStatusSchema = z.object({ others: z.enum(['connected', 'unreachable']), message: z.string().max(500) });
export type ServerStatus = z.infer<typeof serverStatusSchema>;

/** What a process says of its link to the others. */
export function serverStatus(up: boolean): ServerStatus {
  return up
    ? { others: 'connected', message: 'Connected to every server again: everyone’s changes are live.' }
    : {
        others: 'unreachable',
        message: 'This server cannot reach the others just now: people connected elsewhere may not appear live. Keep working; nothing is lost, and their changes arrive when it reconnects.',
      };
}

/** A payload that passed its schema, typed as the protocol declares it, or null. */
export function parsePayload<T>(schema: z.ZodType, value: unknown): T | null {
  const parsed = schema.safeParse(value);
  return parsed.success ? (parsed.data as T) : null;
}

/** Parsers for each server event a board client handles. */
export const readServer = {
  hello: (v: unknown) => parsePayload<Hello>(helloSchema, v),
  state: (v: unknown) => parsePayload<SessionState>(sessionStateSchema, v),
  mine: (v: unknown) => parsePayload<MyVotes>(myVotesSchema, v),
  error: (v: unknown) => parsePayload<{ code: string; message: string }>(protocolErrorSchema, v),
  moved: (v: unknown) => parsePayload<WorkshopMoved>(workshopMovedSchema, v),
  status: (v: unknown) => parsePayload<ServerStatus>(serverStatusSchema, v),
};

/** The refusal a client shows when the server speaks a newer protocol than the page (reload). */
export const PROTOCOL_NEWER = 'protocol_newer';
/** Codes a client treats as final. */
export const FINAL_CODES: ReadonlySet<string> = new Set([ERROR_CODES.boardNotFound, ERROR_CODES.forbidden, ERROR_CODES.locked, PROTOCOL_NEWER]);
