import { z } from 'zod';
import { CARD_KINDS } from '../board/cardKinds.ts';
import { compareOrder } from '../board/order.ts';
import type { CardKind } from '../board/cardKinds.ts';
import { MAX_CARD_TEXT_CHARS } from '../limits.ts';
import { settingsSchema } from '../session.ts';
import type { Settings } from '../session.ts';
import type { ExportInput } from './types.ts';

/** Identifies a Sessionboard board export. */
export const JSON_EXPORT_FORMAT = 'sessionboard.board';
/** Version of the export shape; bumped on incompatible change. */
export const JSON_EXPORT_VERSION = 1;
/** Most cards an import takes. */
export const MAX_IMPORT_CARDS = 2000;

const cardSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  kind: z.enum(CARD_KINDS),
  text: z.string().max(MAX_CARD_TEXT_CHARS),
  author: z.string().max(200),
  authorId: z.string().max(64),
  createdAt: z.number().int().nonnegative(),
  order: z.string().regex(/^[0-9A-Za-z]{1,256}$/),
  links: z.array(z.string().max(64)).max(200),
  measure: z.string().max(MAX_CARD_TEXT_CHARS).optional(),
  owner: z.string().max(200).optional(),
  due: z.string().max(64).optional(),
  goal: z.string().max(64).optional(),
  done: z.boolean().optional(),
  source: z.string().max(64).optional(),
});

/** The versioned JSON export (documented in the README). */
export const jsonExportSchema = z.object({
  format: z.literal(JSON_EXPORT_FORMAT),
  version: z.literal(JSON_EXPORT_VERSION),
  exportedAt: z.string(),
  meta: z.object({
    title: z.string().trim().min(1).max(120),
    team: z.string().max(120),
    template: z.string().max(64),
    createdAt: z.number(),
  }),
  settings: settingsSchema,
  step: z.number().int().nonnegative(),
  votes: z.record(z.string(), z.number().int().nonnegative()).nullable(),
  cards: z.array(cardSchema).max(MAX_IMPORT_CARDS),
});

/** A JSON export. */
export type JsonExport = z.infer<typeof jsonExportSchema>;
/** One card of a JSON export. */
export type ExportedCard = z.infer<typeof cardSchema>;

/** The whole board as a versioned JSON object (kind fields only where they mean something). */
export function toJsonExport(input: ExportInput): JsonExport {
  const cards = [...input.board.cards].filter((c) => c.kind !== 'unknown').sort((a, b) => a.kind.localeCompare(b.kind) || compareOrder(a, b));
  return {
    format: JSON_EXPORT_FORMAT,
    version: JSON_EXPORT_VERSION,
    exportedAt: new Date(input.exportedAt).toISOString(),
    meta: {
      title: input.board.meta.title,
      team: input.board.meta.team,
      template: input.board.meta.template,
      createdAt: input.board.meta.createdAt,
    },
    settings: input.settings,
    step: input.step,
    votes: input.votesHidden ? null : input.votes,
    cards: cards.map((c) => ({
      id: c.id,
      kind: c.kind as CardKind,
      text: c.text,
      author: c.author,
      authorId: c.authorId,
      createdAt: c.createdAt,
      order: c.order,
      links: c.links,
      ...(c.kind === 'goal' ? { measure: c.measure, owner: c.owner, due: c.due, ...(c.source ? { source: c.source } : {}) } : {}),
      ...(c.kind === 'backlog' ? { goal: c.goal, owner: c.owner, done: c.done } : {}),
    })),
  };
}

/** Validates an uploaded export; throws an Error whose message says what is wrong. */
export function fromJsonExport(data: unknown): JsonExport & { settings: Settings } {
  const parsed = jsonExportSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'the file';
    throw new Error(`${where}: ${issue?.message ?? 'not a Sessionboard export'}`);
  }
  return parsed.data;
}
