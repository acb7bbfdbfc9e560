import * as Y from 'yjs';
import type { ExportedCard } from '../export/json.ts';
import { MAX_CARD_TEXT_CHARS } from '../limits.ts';
import { isCardKind } from './cardKinds.ts';
import { addCard, updateCardFields } from './mutations.ts';
import { ORIGINS } from './origins.ts';
import type { Origin } from './origins.ts';
import { KNOWN_CARD_FIELDS, cardsMap } from './schema.ts';

/**
 * Writes a card of a kind this code does not know exactly as the export described it, so a board
 * keeps (and shows as "other cards") what another tool wrote.
 */
function addRawCard(doc: Y.Doc, c: ExportedCard): void {
  const card = new Y.Map<unknown>();
  card.set('id', c.id);
  card.set('kind', c.kind);
  card.set('text', new Y.Text(c.text.slice(0, MAX_CARD_TEXT_CHARS)));
  card.set('author', c.author);
  card.set('authorId', c.authorId);
  card.set('createdAt', c.createdAt);
  card.set('order', c.order);
  card.set('links', Y.Array.from(c.links));
  for (const key of ['measure', 'owner', 'due', 'goal', 'source'] as const) if (c[key]) card.set(key, c[key]);
  if (c.done) card.set('done', true);
  cardsMap(doc).set(c.id, card);
}

/**
 * Adds an export's cards (from `fromJsonExport`) to a board document in one transaction, keeping
 * their ids, order keys, creation times, links, kind fields and extra fields; links to cards that are
 * not in the import are dropped. Cards of known kinds go through `addCard` and `updateCardFields`;
 * cards of other kinds are written as they are. Meant for a new, empty board: a card whose id is
 * already on the board is replaced.
 */
export function importIntoDoc(doc: Y.Doc, data: { readonly cards: readonly ExportedCard[] }, origin: Origin = ORIGINS.server): void {
  const ids = new Set(data.cards.map((c) => c.id));
  doc.transact(() => {
    for (const input of data.cards) {
      const c: ExportedCard = { ...input, links: input.links.filter((l) => ids.has(l) && l !== input.id) };
      if (isCardKind(c.kind)) {
        addCard(
          doc,
          {
            id: c.id,
            kind: c.kind,
            text: c.text,
            author: c.author,
            authorId: c.authorId,
            createdAt: c.createdAt,
            order: c.order,
            links: c.links,
            measure: c.measure,
            owner: c.owner,
            due: c.due,
            goal: c.goal,
            source: c.source,
          },
          origin,
        );
        if (c.done) updateCardFields(doc, c.id, { done: true }, origin);
      } else {
        addRawCard(doc, c);
      }
      const card = cardsMap(doc).get(c.id);
      // Ids and names never hold a comma or a line break (ids by schema, names are cleaned to one line).
      if (c.mergedFrom && c.mergedFrom.length > 0 && card instanceof Y.Map) card.set('mergedFrom', c.mergedFrom.join(','));
      if (c.mergedAuthors && c.mergedAuthors.length > 0 && card instanceof Y.Map) card.set('mergedAuthors', c.mergedAuthors.join('\n'));
      if (c.extra && card instanceof Y.Map) {
        for (const [key, value] of Object.entries(c.extra)) if (!KNOWN_CARD_FIELDS.has(key)) card.set(key, value);
      }
    }
  }, origin);
}
