import { useShallow } from 'zustand/react/shallow';
import type { CardSnapshot } from '@sessionboard/shared';
import { CARD_KIND_SINGULAR } from '@sessionboard/shared';
import type { CardKind } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';

const NONE: CardSnapshot[] = [];

/** What a card points at, and (on weaknesses) which questions and goals point at it. */
export function LinkedChips({ card }: { card: CardSnapshot }) {
  const targets = useBoardStore(
    useShallow((s) => card.links.map((id) => s.index?.byId.get(id)).filter((c): c is CardSnapshot => c !== undefined)),
  );
  const backlinks = useBoardStore((s) => (card.kind === 'weakness' ? (s.index?.backlinks.get(card.id) ?? NONE) : NONE));
  if (targets.length === 0 && backlinks.length === 0) return null;
  return (
    <div className="chips">
      {targets.map((t) => (
        <span key={t.id} className={`chip chip-${t.kind}`} title={t.text}>
          {card.kind === 'goal' ? 'why: ' : 'about: '}
          {t.text.slice(0, 48) || '(empty)'}
        </span>
      ))}
      {backlinks.map((b) => (
        <span key={b.id} className={`chip chip-${b.kind}`} title={b.text}>
          {b.kind === 'goal' ? 'goal: ' : `${CARD_KIND_SINGULAR[b.kind as CardKind] ?? 'card'}: `}
          {b.text.slice(0, 48) || '(empty)'}
        </span>
      ))}
    </div>
  );
}
