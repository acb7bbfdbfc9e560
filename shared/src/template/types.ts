import type { CardKind } from '../board/cardKinds.ts';

/** One step of an agenda: what the board shows and how long it is timeboxed by default. */
export interface TemplateStep {
  title: string;
  durationMs: number;
  /** What the group does now, shown on every screen and on the projector. */
  instructions: string;
  /** Card columns this step works in, left to right. */
  columns: readonly CardKind[];
  /** Whether dot-voting is open in this step. */
  voting?: boolean;
  /** Whether this step offers private drafts that stay on each person's device. */
  privateDrafts?: boolean;
}

/** An agenda as data: other templates are new objects of this shape, not new code. */
export interface Template {
  id: string;
  name: string;
  steps: readonly TemplateStep[];
  votesPerPerson: number;
  maxVotesPerCard: number;
  votableKinds: readonly CardKind[];
  hideVotes: boolean;
  /** Goals the group aims for, shown as progress (the lesson asks for at least three). */
  goalTarget: number;
}
