import { z } from 'zod';
import { CARD_KINDS } from './board/cardKinds.ts';
import type { CardKind } from './board/cardKinds.ts';
import { MAX_DURATION_MS, MAX_STEPS, MAX_TITLE_CHARS } from './limits.ts';
import type { Template } from './template/types.ts';
import type { TimerState } from './timer.ts';
import { idleTimer } from './timer.ts';
import type { HelpState, Notice } from './workshop.ts';

/** A step as stored in a board's settings; `instructions` and `columns` fall back to the template's. */
export const stepSettingsSchema = z.object({
  title: z.string().trim().min(1).max(MAX_TITLE_CHARS),
  durationMs: z.number().int().min(1000).max(MAX_DURATION_MS),
  instructions: z.string().max(1000).optional(),
  columns: z.array(z.enum(CARD_KINDS)).max(CARD_KINDS.length).optional(),
  voting: z.boolean().optional(),
  privateDrafts: z.boolean().optional(),
});

/** A board's editable settings (the facilitator's `settings.update` sends part of one). */
export const settingsSchema = z.object({
  steps: z.array(stepSettingsSchema).min(1).max(MAX_STEPS),
  votesPerPerson: z.number().int().min(0).max(50),
  maxVotesPerCard: z.number().int().min(1).max(50),
  votableKinds: z.array(z.enum(CARD_KINDS)).max(CARD_KINDS.length),
  hideVotes: z.boolean(),
  /**
   * Weaknesses are written without their author (absent: false). Clients then write new weaknesses
   * with empty `author` and `authorId`, the board shows "anonymous", and exports leave the author out
   * of every weakness (older ones still carry theirs in the document: the setting cannot undo that).
   */
  anonymousWeaknesses: z.boolean().optional(),
});

/** Settings of one board. */
export type Settings = z.infer<typeof settingsSchema>;
/** One step of {@link Settings}. */
export type StepSettings = z.infer<typeof stepSettingsSchema>;

/** Totals per card id, or `null` while votes are hidden and not yet revealed. */
export type VoteTotals = Record<string, number> | null;

/** What `session:state` carries: everything about a board that is not card content. */
export interface SessionState {
  step: number;
  votesRevealed: boolean;
  locked: boolean;
  settings: Settings;
  votes: VoteTotals;
  timer: TimerState;
  /** How many people have spent at least one dot (shown while totals are hidden: nothing per card). */
  voters: number;
  /** The group's raised hand (a board in a workshop calls a mentor with it). */
  help: HelpState;
  /** The workshop's notice, shown on the board and its projector; always null outside a workshop. */
  notice: Notice;
  /** Goes up by one with every change, so a client can drop a stale state. */
  version: number;
}

/** One participant's dots: count per card id, and `left` for dots still to spend. */
export type MyVotes = Record<string, number> & { left: number };

/** Settings for a new board made from `template`. */
export function settingsFromTemplate(template: Template): Settings {
  return {
    steps: template.steps.map((s) => ({
      title: s.title,
      durationMs: s.durationMs,
      instructions: s.instructions,
      columns: [...s.columns],
      ...(s.voting ? { voting: true } : {}),
      ...(s.privateDrafts ? { privateDrafts: true } : {}),
    })),
    votesPerPerson: template.votesPerPerson,
    maxVotesPerCard: template.maxVotesPerCard,
    votableKinds: [...template.votableKinds],
    hideVotes: template.hideVotes,
  };
}

/** Whether `settings` hide the author of a card of `kind` (anonymous weaknesses). */
export function authorHidden(settings: Pick<Settings, 'anonymousWeaknesses'> | null | undefined, kind: string): boolean {
  return settings?.anonymousWeaknesses === true && kind === 'weakness';
}

/** Columns of `step` in `settings`, falling back to the template's step of the same index. */
export function stepColumns(settings: Settings, step: number, template: Template): readonly CardKind[] {
  const own = settings.steps[step]?.columns;
  if (own && own.length > 0) return own;
  return template.steps[step]?.columns ?? ['note'];
}

/** The state of a board that nobody has touched yet. */
export function initialSessionState(settings: Settings): SessionState {
  return {
    step: 0,
    votesRevealed: false,
    locked: false,
    settings,
    votes: {},
    voters: 0,
    timer: idleTimer(0, settings.steps[0]?.durationMs ?? 60_000),
    help: { requested: false },
    notice: null,
    version: 1,
  };
}
