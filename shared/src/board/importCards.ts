import type { ExportedCard } from '../export/json.ts';
import { addCard, updateCardFields } from './mutations.ts';
import { ORIGINS } from './origins.ts';
import type * as Y from 'yjs';

/** Adds an export's cards to a new board document, keeping their ids, order, links and fields. */
export function importIntoDoc(doc: Y.Doc, data: { cards: readonly ExportedCard[] }): void {
  doc.transact(() => {
    const ids = new Set(data.cards.map((c) => c.id));
    for (const c of data.cards) {
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
          links: c.links.filter((l) => ids.has(l)),
          measure: c.measure,
          owner: c.owner,
          due: c.due,
          goal: c.goal,
          source: c.source,
        },
        ORIGINS.server,
      );
      if (c.done) updateCardFields(doc, c.id, { done: true }, ORIGINS.server);
    }
  }, ORIGINS.server);
}
