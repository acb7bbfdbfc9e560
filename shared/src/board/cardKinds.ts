/** Every kind of card the document schema defines. */
export const CARD_KINDS = ['strength', 'weakness', 'question', 'note', 'goal', 'backlog', 'personal'] as const;

/** One of {@link CARD_KINDS}. */
export type CardKind = (typeof CARD_KINDS)[number];

/** Whether `value` names a known card kind. */
export function isCardKind(value: unknown): value is CardKind {
  return typeof value === 'string' && (CARD_KINDS as readonly string[]).includes(value);
}

/** Column headings for each kind. */
export const CARD_KIND_LABELS: Record<CardKind, string> = {
  strength: 'Strengths',
  weakness: 'Weaknesses',
  question: 'Questions for the mentor',
  note: 'Discussion notes',
  goal: 'Goals',
  backlog: 'Sprint backlog',
  personal: 'Shared ideas',
};

/** One card of each kind, in words, for buttons ("Add a strength"). */
export const CARD_KIND_SINGULAR: Record<CardKind, string> = {
  strength: 'strength',
  weakness: 'weakness',
  question: 'question',
  note: 'note',
  goal: 'goal',
  backlog: 'backlog item',
  personal: 'idea',
};
