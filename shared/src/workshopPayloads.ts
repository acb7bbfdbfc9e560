/**
 * Schemas of what the server sends a workshop view (console, mentors' view, workshop projector) and
 * of the HTTP info it reads, so the client checks each payload before it reaches the store, as
 * serverPayloads.ts does for boards. Unknown extra fields pass: a newer server may add some.
 */
import { z } from 'zod';
import { CARD_KINDS } from './board/cardKinds.ts';
import type { CardKind } from './board/cardKinds.ts';
import { ASSIGNMENTS, MAX_NOTICE_CHARS, WORKSHOP_ROLES } from './workshop.ts';
import type { GroupPriorities, WorkshopCommandAck, WorkshopInfo, WorkshopPerson, WorkshopState } from './workshop.ts';
import { parsePayload, protocolErrorSchema, timerSchema } from './serverPayloads.ts';

const count = z.number().int().min(0);

/** One group of `workshop:state`. */
const groupSummarySchema = z.looseObject({
  name: z.string().max(200),
  board: z.string().min(1).max(64),
  step: count,
  timer: timerSchema,
  online: count,
  // Kinds a server does not send count as none; kinds it adds are kept.
  counts: z.record(z.string(), count).transform((c) => ({ ...(Object.fromEntries(CARD_KINDS.map((k) => [k, 0])) as Record<CardKind, number>), ...c })),
  votesCast: count,
  goals: z.object({ total: count, complete: count }),
  help: z.object({ requested: z.boolean(), since: z.number().optional() }),
  lastActivity: z.number(),
  steps: count,
  stepTitle: z.string().max(500),
  locked: z.boolean(),
  votesRevealed: z.boolean(),
  backlog: z.object({ total: count, done: count }),
});

const rotationSchema = z.object({
  mentors: z.array(z.string().max(200)),
  totalMs: z.number().min(0),
  slots: z.array(z.object({ mentor: z.string().max(200), group: z.string().max(200), startMs: z.number().min(0), durationMs: z.number().min(0) })),
});

/** `workshop:state`. */
export const workshopStateSchema = z.looseObject({
  version: z.number().int(),
  notice: z.object({ message: z.string().max(MAX_NOTICE_CHARS), at: z.number() }).nullable(),
  groups: z.array(groupSummarySchema),
  title: z.string().max(500),
  joinCode: z.string().max(16),
  assignment: z.enum(ASSIGNMENTS),
  rotation: rotationSchema.nullable(),
});

/** `workshop:priorities`. */
export const groupPrioritiesSchema = z.array(
  z.looseObject({
    board: z.string().min(1).max(64),
    name: z.string().max(200),
    weaknesses: z.array(z.object({ text: z.string(), votes: z.number().nullable() })),
    questions: z.array(z.string()),
  }),
);

/** `workshop:people`. */
export const workshopPeopleSchema = z.array(
  z.looseObject({ participant: z.string().min(1).max(64), name: z.string().max(200), group: z.string().max(200), joinedAt: z.number() }),
);

/** `GET /api/workshops/WORKSHOP?key=KEY`. */
export const workshopInfoSchema = z.looseObject({
  id: z.string().min(1).max(64),
  title: z.string().max(500),
  joinCode: z.string().max(16),
  role: z.enum(WORKSHOP_ROLES),
  groups: z.array(z.object({ name: z.string().max(200), board: z.string().min(1).max(64), key: z.string().min(1).max(128) })),
  assignment: z.enum(ASSIGNMENTS),
  links: z.record(z.string(), z.string()),
});

/** The acknowledgement of a `workshop:command`. */
export const workshopCommandAckSchema = z.union([
  z.looseObject({
    ok: z.literal(true),
    state: workshopStateSchema,
    results: z.array(z.object({ board: z.string(), ok: z.boolean(), error: protocolErrorSchema.optional() })).optional(),
  }),
  z.looseObject({ ok: z.literal(false), error: protocolErrorSchema }),
]);

/** Parsers for each thing a workshop view receives; null when it does not match. */
export const readWorkshop = {
  state: (v: unknown) => parsePayload<WorkshopState>(workshopStateSchema, v),
  priorities: (v: unknown) => parsePayload<GroupPriorities[]>(groupPrioritiesSchema, v),
  people: (v: unknown) => parsePayload<WorkshopPerson[]>(workshopPeopleSchema, v),
  info: (v: unknown) => parsePayload<WorkshopInfo>(workshopInfoSchema, v),
  ack: (v: unknown) => parsePayload<WorkshopCommandAck>(workshopCommandAckSchema, v),
};
