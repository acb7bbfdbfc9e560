import { z } from 'zod';
import { isOrderKey } from '../board/order.ts';
import { KNOWN_CARD_FIELDS } from '../board/schema.ts';
import type { CardSnapshot } from '../board/schema.ts';
import { MAX_CARD_TEXT_CHARS, MAX_TITLE_CHARS } from '../limits.ts';
import { idSchema } from '../protocol.ts';
import { settingsSchema } from '../session.ts';
import { withHiddenAuthors } from './hiddenAuthors.ts';
import { inExportOrder } from './text.ts';
import type { ExportInput } from './types.ts';

/** Identifies a Sessionboard board export (`format`). */
export const JSON_EXPORT_FORMAT = 'sessionboard.board';
/** Version of the export shape (`version`); bumped on any incompatible change. */
export const JSON_EXPORT_VERSION = 1;
/** Most cards an import takes. */
export const MAX_IMPORT_CARDS = 2000;
/** Most links one imported card may have. */
export const MAX_IMPORT_LINKS = 200;
/** Most extra (unknown) fields one imported card may carry. */
export const MAX_IMPORT_EXTRA_FIELDS = 32;
/** Longest author name or short field (owner, due) an import takes, in characters. */
export const MAX_IMPORT_SHORT_CHARS = 200;

// The wire's idSchema (6 to 64): a shorter id could collide with the `left` of votes:mine.
const cardId = idSchema;
const shortText = z.string().max(MAX_IMPORT_SHORT_CHARS);

const extraSchema = z
  .record(z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{0,63}$/, 'a field name of letters, digits, - or _'), z.string().max(MAX_CARD_TEXT_CHARS))
  .refine((extra) => Object.keys(extra).length <= MAX_IMPORT_EXTRA_FIELDS, `at most ${MAX_IMPORT_EXTRA_FIELDS} extra fields`)
  .refine((extra) => Object.keys(extra).every((k) => !KNOWN_CARD_FIELDS.has(k)), 'an extra field may not reuse a card field name');

const cardSchema = z.object({
  id: cardId,
  /** A known kind, or the kind some other tool wrote (kept, and shown as "other cards"). */
  kind: z.string().min(1).max(64),
  text: z.string().max(MAX_CARD_TEXT_CHARS, `card text of at most ${MAX_CARD_TEXT_CHARS} characters`),
  author: shortText,
  authorId: z.string().max(64),
  createdAt: z.number().int().nonnegative(),
  order: z.string().refine(isOrderKey, 'an order key (1 to 256 letters or digits, not ending in 0)'),
  links: z.array(cardId).max(MAX_IMPORT_LINKS),
  measure: z.string().max(MAX_CARD_TEXT_CHARS).optional(),
  owner: shortText.optional(),
  due: shortText.optional(),
  goal: cardId.optional().or(z.literal('')),
  done: z.boolean().optional(),
  source: cardId.optional().or(z.literal('')),
  /** The cards merged into this one, and their authors (additions: absent when none). */
  mergedFrom: z.array(cardId).max(MAX_IMPORT_LINKS).optional(),
  mergedAuthors: z.array(shortText).max(MAX_IMPORT_LINKS).optional(),
  extra: extraSchema.optional(),
});

/**
 * The versioned JSON export, and what an import must look like (documented in the README):
 *
 * `{ format: 'sessionboard.board', version: 1, exportedAt (ISO), meta: { title, team, template,
 * createdAt }, settings, step, votes (totals per card id, or null while hidden), cards: [{ id, kind,
 * text, author, authorId, createdAt, order, links, measure?, owner?, due?, source? (goals), goal?,
 * owner?, done? (backlog items), mergedFrom?, mergedAuthors?, extra? (fields this code does not know) }] }`.
 */
export const jsonExportSchema = z.object({
  format: z.literal(JSON_EXPORT_FORMAT, { error: `format must be "${JSON_EXPORT_FORMAT}" (this is not a Sessionboard board export)` }),
  version: z.literal(JSON_EXPORT_VERSION, {
    error: (issue) => `version ${JSON.stringify(issue.input)} is not supported (this server reads version ${JSON_EXPORT_VERSION})`,
  }),
  exportedAt: z.string().max(64),
  meta: z.object({
    title: z.string().trim().min(1, 'a board needs a title').max(MAX_TITLE_CHARS),
    team: z.string().max(MAX_TITLE_CHARS),
    template: z.string().max(64),
    createdAt: z.number().nonnegative(),
  }),
  settings: settingsSchema,
  step: z.number().int().nonnegative(),
  votes: z.record(z.string(), z.number().int().nonnegative()).nullable(),
  cards: z
    .array(cardSchema)
    .max(MAX_IMPORT_CARDS, `at most ${MAX_IMPORT_CARDS} cards`)
    .superRefine((cards, ctx) => {
      const seen = new Set<string>();
      cards.forEach((card, i) => {
        if (seen.has(card.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `card id ${card.id} appears twice` });
        seen.add(card.id);
      });
    }),
});

/** A JSON export (also what {@link fromJsonExport} returns). */
export type JsonExport = z.infer<typeof jsonExportSchema>;
/** One card of a JSON export. */
export type ExportedCard = z.infer<typeof cardSchema>;

function exportCard(c: CardSnapshot): ExportedCard {
  const card: ExportedCard = {
    id: c.id,
    kind: c.kind === 'unknown' ? c.rawKind : c.kind,
    text: c.text,
    author: c.author,
    authorId: c.authorId,
    createdAt: c.createdAt,
    order: c.order,
    links: c.links,
  };
  // Kind fields only where they mean something; for a kind we do not know, whatever it has.
  if (c.kind === 'goal') Object.assign(card, { measure: c.measure, owner: c.owner, due: c.due }, c.source ? { source: c.source } : {});
  else if (c.kind === 'backlog') Object.assign(card, { goal: c.goal, owner: c.owner, done: c.done });
  else if (c.kind === 'unknown') {
    for (const key of ['measure', 'owner', 'due', 'goal', 'source'] as const) if (c[key]) card[key] = c[key];
    if (c.done) card.done = true;
  }
  if (c.mergedFrom.length > 0) card.mergedFrom = c.mergedFrom;
  if (c.mergedAuthors.length > 0) card.mergedAuthors = c.mergedAuthors;
  const extraKeys = Object.keys(c.extra).sort();
  if (extraKeys.length > 0) card.extra = Object.fromEntries(extraKeys.map((k) => [k, c.extra[k] as string]));
  return card;
}

/**
 * The whole board as a versioned JSON object (see {@link jsonExportSchema}): every card, including
 * cards of kinds this code does not know and fields it does not know, in agenda order; vote totals,
 * or null while votes are hidden. `fromJsonExport` and `importIntoDoc` read it back unchanged.
 */
export function toJsonExport(exported: ExportInput): JsonExport {
  const input = withHiddenAuthors(exported);
  const { meta } = input.board;
  return {
    format: JSON_EXPORT_FORMAT,
    version: JSON_EXPORT_VERSION,
    exportedAt: new Date(input.exportedAt).toISOString(),
    meta: { title: meta.title, team: meta.team, template: meta.template, createdAt: meta.createdAt },
    settings: input.settings,
    step: input.step,
    votes: input.votesHidden ? null : { ...input.votes },
    cards: inExportOrder(input.board.cards).map(exportCard),
  };
}

/**
 * Validates an uploaded export (parsed JSON) and returns it typed: `meta` and `settings` for the new
 * board, `cards` for `importIntoDoc`. Throws an Error whose message names the field that is wrong,
 * such as `Cannot import this board: cards.3.text: card text of at most 2000 characters`.
 */
export function fromJsonExport(data: unknown): JsonExport {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new Error('Cannot import this board: the file is not a JSON object (expected a Sessionboard board export).');
  }
  const parsed = jsonExportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new Error(`Cannot import this board: ${where}${issue?.message ?? 'not a Sessionboard board export'}`);
  }
  return parsed.data;
}
