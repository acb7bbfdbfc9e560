/**
 * Workshops: many groups (each an ordinary board), one instructor. The wire shapes of DESIGN.md's
 * "Workshops" contract, defined once: the server parses every inbound payload with these schemas, and
 * the console, mentor and projector views are typed by them.
 */
import { z } from 'zod';
import type { CardKind } from './board/cardKinds.ts';
import type { ProtocolError } from './errors.ts';
import { MAX_DURATION_MS, MAX_TITLE_CHARS } from './limits.ts';
import type { Role } from './roles.ts';
import { idSchema } from './protocol.ts';
import { settingsSchema } from './session.ts';
import type { TimerState } from './timer.ts';

/** The most groups one workshop may have. */
export const MAX_WORKSHOP_GROUPS = 50;
/** The longest notice, in characters (a line on every screen, not a message board). */
export const MAX_NOTICE_CHARS = 280;
/** The longest group name. */
export const MAX_GROUP_NAME_CHARS = 60;
/** The most mentors a rotation plans for. */
export const MAX_MENTORS = 20;
/** The mentoring step the rotation fills, by default (the lesson's 25 minutes). */
export const DEFAULT_ROTATION_MS = 25 * 60 * 1000;

/** The three secret links of a workshop. */
export const WORKSHOP_ROLES = ['instructor', 'mentor', 'projector'] as const;
/** One of {@link WORKSHOP_ROLES}. */
export type WorkshopRole = (typeof WORKSHOP_ROLES)[number];

/** The board role a workshop role opens each group's board with. */
export const BOARD_ROLE_FOR: Record<WorkshopRole, Role> = {
  instructor: 'facilitator',
  mentor: 'mentor',
  projector: 'projector',
};

/** Human names of the workshop roles. */
export const WORKSHOP_ROLE_LABELS: Record<WorkshopRole, string> = {
  instructor: 'Instructor',
  mentor: 'Mentor',
  projector: 'Projector',
};

/** How newcomers are sent to groups: to the group with fewest people, or by their own choice. */
export const ASSIGNMENTS = ['balanced', 'choose'] as const;
/** One of {@link ASSIGNMENTS}. */
export type Assignment = (typeof ASSIGNMENTS)[number];

/** Trims and collapses a group name. */
export function cleanGroupName(name: string): string {
  return name.replace(/\s+/g, ' ').trim();
}

const groupNameSchema = z
  .string()
  .transform(cleanGroupName)
  .pipe(z.string().min(1, 'a group name may not be empty').max(MAX_GROUP_NAME_CHARS));

/** Body of `POST /api/workshops`. */
export const createWorkshopSchema = z.object({
  title: z.string().trim().min(1).max(MAX_TITLE_CHARS),
  groups: z.union([
    z.number().int().min(1).max(MAX_WORKSHOP_GROUPS),
    z
      .array(groupNameSchema)
      .min(1)
      .max(MAX_WORKSHOP_GROUPS)
      .refine((names) => new Set(names.map((n) => n.toLowerCase())).size === names.length, 'group names must differ'),
  ]),
  template: z.string().max(64).optional(),
  settings: settingsSchema.partial().optional(),
  /** Not in DESIGN.md's body, an addition: how people are sent to groups (default `balanced`). */
  assignment: z.enum(ASSIGNMENTS).optional(),
});
/** Parsed body of `POST /api/workshops`. */
export type CreateWorkshop = z.infer<typeof createWorkshopSchema>;

/** Names for `count` groups made without names. */
export function defaultGroupNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Group ${i + 1}`);
}

/** Body of `POST /api/workshops/WORKSHOP/join`. */
export const workshopJoinSchema = z.object({
  code: z.string().min(1).max(32),
  name: z.string().max(200),
  participant: idSchema.optional(),
  group: z.string().max(200).optional(),
});
/** Parsed body of a workshop join. */
export type WorkshopJoin = z.infer<typeof workshopJoinSchema>;

/** Links of one group's board, one per board role. */
export type BoardLinks = Record<Role, string>;

/** Answer of `POST /api/workshops` (201). */
export interface CreatedWorkshop {
  id: string;
  joinCode: string;
  keys: Record<WorkshopRole, string>;
  links: Record<WorkshopRole | 'join', string>;
  groups: { name: string; board: string; joinCode: string; keys: Record<Role, string>; links: BoardLinks }[];
}

/** Answer of `GET /api/workshops/WORKSHOP?key=KEY`. */
export interface WorkshopInfo {
  id: string;
  title: string;
  joinCode: string;
  role: WorkshopRole;
  /** `key`: the board key this workshop role opens (facilitator's, mentor's or projector's). */
  groups: { name: string; board: string; key: string }[];
  /** Additions to DESIGN.md's shape: how newcomers are assigned, and the page links of this role. */
  assignment: Assignment;
  links: Partial<Record<WorkshopRole | 'join', string>>;
}

/** `GET /api/join/CODE` when the code is a workshop's. */
export interface WorkshopJoinInfo {
  workshop: string;
  title: string;
  groups: { name: string; members: number }[];
  /** Addition: whether people pick their group (`choose`) or are sent to the emptiest (`balanced`). */
  assignment: Assignment;
}

/** Answer of `POST /api/workshops/WORKSHOP/join`. */
export interface WorkshopJoined {
  board: string;
  key: string;
  group: string;
  participant: string;
}

/** A group's raised hand. */
export interface HelpState {
  requested: boolean;
  /** Epoch ms the hand went up, while it is up. */
  since?: number;
}

/** The workshop's notice as every board and projector shows it. */
export type Notice = { message: string; at: number } | null;

/** One group in `workshop:state`. */
export interface GroupSummary {
  name: string;
  board: string;
  step: number;
  timer: TimerState;
  /** People (not connections; projectors not counted) connected to the board now. */
  online: number;
  counts: Record<CardKind, number>;
  /** Dots the group has spent in all (never per card). */
  votesCast: number;
  goals: { total: number; complete: number };
  help: HelpState;
  /** Epoch ms of the board's last document change or vote. */
  lastActivity: number;
  /** Additions: the board's step count, title of its step and whether it is locked, for the console. */
  steps: number;
  stepTitle: string;
  locked: boolean;
  votesRevealed: boolean;
  backlog: { total: number; done: number };
}

/** One slot of the mentors' rotation: `mentor` is with `group` from `startMs` for `durationMs` into the mentoring step. */
export interface RotationSlot {
  mentor: string;
  group: string;
  startMs: number;
  durationMs: number;
}

/** The mentors' rotation the instructor set, everyone may see it. */
export interface Rotation {
  mentors: string[];
  totalMs: number;
  slots: RotationSlot[];
}

/** `workshop:state`. */
export interface WorkshopState {
  version: number;
  notice: Notice;
  groups: GroupSummary[];
  /** Additions to DESIGN.md's shape. */
  title: string;
  joinCode: string;
  assignment: Assignment;
  rotation: Rotation | null;
}

/** What a mentor or the instructor sees of a group's priorities. */
export interface GroupPriorities {
  board: string;
  name: string;
  /** Top weaknesses: by visible totals when votes are visible, else in board order with `votes` null. */
  weaknesses: { text: string; votes: number | null }[];
  questions: string[];
}

/** Socket.IO handshake of a workshop live view. */
export const workshopHandshakeSchema = z.object({
  workshop: idSchema,
  key: z.string().min(1).max(128),
});

/** Every `workshop:command`, by `type`. */
export const workshopCommandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all.step.goto'), step: z.number().int().min(0) }),
  z.object({ type: z.literal('all.timer.start'), durationMs: z.number().int().min(1000).max(MAX_DURATION_MS).optional() }),
  z.object({ type: z.literal('all.timer.pause') }),
  z.object({ type: z.literal('all.timer.resume') }),
  z.object({ type: z.literal('all.timer.extend'), ms: z.number().int().min(-MAX_DURATION_MS).max(MAX_DURATION_MS) }),
  z.object({ type: z.literal('all.timer.reset') }),
  z.object({ type: z.literal('all.votes.reveal'), revealed: z.boolean() }),
  z.object({ type: z.literal('all.board.lock'), locked: z.boolean() }),
  z.object({ type: z.literal('notice'), message: z.string().trim().min(1).max(MAX_NOTICE_CHARS).nullable() }),
  z.object({ type: z.literal('help.ack'), board: idSchema }),
  // Additions to DESIGN.md's list, instructor only:
  z.object({ type: z.literal('assignment.set'), assignment: z.enum(ASSIGNMENTS) }),
  z.object({ type: z.literal('participant.move'), participant: idSchema, group: z.string().max(200) }),
  z.object({
    type: z.literal('rotation.set'),
    mentors: z.array(z.string().transform(cleanGroupName).pipe(z.string().min(1).max(MAX_GROUP_NAME_CHARS))).max(MAX_MENTORS),
    totalMs: z.number().int().min(60_000).max(MAX_DURATION_MS).optional(),
  }),
]);
/** One parsed `workshop:command`. */
export type WorkshopCommand = z.infer<typeof workshopCommandSchema>;
/** The `type` of a {@link WorkshopCommand}. */
export type WorkshopCommandType = WorkshopCommand['type'];

/** Which workshop roles may send which command. */
export function workshopRoleMay(role: WorkshopRole, type: WorkshopCommandType): boolean {
  if (role === 'instructor') return true;
  return role === 'mentor' && type === 'help.ack';
}

/** One board's answer to an `all.*` command. */
export interface BoardResult {
  board: string;
  ok: boolean;
  error?: ProtocolError;
}

/** Answer to every `workshop:command`; `results` only for `all.*`. */
export type WorkshopCommandAck =
  | { ok: true; state: WorkshopState; results?: BoardResult[] }
  | { ok: false; error: ProtocolError };

/** A person who joined the workshop, as the instructor's console lists them (an addition). */
export interface WorkshopPerson {
  /** Public to the workshop: derived from the person's secret, never the secret itself. */
  participant: string;
  name: string;
  group: string;
  joinedAt: number;
}

/** `workshop:moved`: the group a person was moved to, and the member key that opens its board. */
export interface WorkshopMoved {
  board: string;
  key: string;
  group: string;
}

/** Workshop events (the names of DESIGN.md), so no module spells them twice. */
export const WORKSHOP_EVENTS = {
  state: 'workshop:state',
  command: 'workshop:command',
  /** An addition: top priorities per group, to instructor and mentors only, at most every few seconds. */
  priorities: 'workshop:priorities',
  /** An addition: the people who joined, to the instructor only, after a change. */
  people: 'workshop:people',
  /** An addition: to a moved person's open boards. */
  moved: 'workshop:moved',
} as const;

/**
 * The mentors' rotation for the mentoring step: with fewer mentors than groups, the step is cut into
 * rounds and each mentor sees one group per round; with as many or more, every group has a mentor for
 * the whole step (extra mentors share the first groups).
 */
export function proposeRotation(groups: readonly string[], mentors: readonly string[], totalMs = DEFAULT_ROTATION_MS): Rotation {
  if (mentors.length === 0 || groups.length === 0) return { mentors: [...mentors], totalMs, slots: [] };
  const rounds = Math.ceil(groups.length / mentors.length);
  // Whole minutes when they divide evenly enough, so "10:00–18:20" reads as well as it can.
  const slotMs = Math.floor(totalMs / rounds / 1000) * 1000;
  const slots: RotationSlot[] = [];
  for (let round = 0; round < rounds; round++) {
    mentors.forEach((mentor, i) => {
      const group = groups[round * mentors.length + i];
      if (group !== undefined) slots.push({ mentor, group, startMs: round * slotMs, durationMs: slotMs });
    });
  }
  if (mentors.length > groups.length) {
    mentors.slice(groups.length).forEach((mentor, i) => {
      slots.push({ mentor, group: groups[i % groups.length] as string, startMs: 0, durationMs: slotMs });
    });
  }
  return { mentors: [...mentors], totalMs, slots };
}

/** The page path of a workshop role (the key rides in the fragment, never logged). */
export function workshopPath(workshop: string, key: string, role: WorkshopRole): string {
  return `/w/${workshop}#key=${key}&view=${role}`;
}

/** The page path people join a workshop at (the code is typed or in the QR's link). */
export function workshopJoinPath(code: string): string {
  return `/join/${code}`;
}
