import { useShallow } from 'zustand/react/shallow';
import { useBoardStore } from '../store/boardStore.ts';
import { colorFor } from '../sync/connectBoard.ts';

/** Up to this many people, names show next to the avatars (on narrower screens only up to 3); beyond it, avatars only (names on hover). */
const NAMED_MAX = 6;
const SHOWN_MAX = 8;

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');
}

/** Who is here, in their colours, with a pencil on whoever is editing a card. */
export function OnlineList() {
  const peers = useBoardStore(useShallow((s) => s.peers));
  const me = useBoardStore(useShallow((s) => ({ name: s.name, id: s.participantId ?? '' })));
  const cards = useBoardStore((s) => s.index?.byId);
  const everyone = [{ clientId: -1, name: me.name, you: true, color: colorFor(me.id), editing: null as string | null }, ...peers.map((p) => ({ ...p, you: false }))];
  const named = everyone.length <= NAMED_MAX;
  const editingText = (id: string | null) => {
    if (!id) return '';
    const text = cards?.get(id)?.text.slice(0, 40);
    return text ? `editing “${text}”` : 'editing a card';
  };
  return (
    <ul className={`online ${named ? 'named' : 'stacked'} ${everyone.length > 3 ? 'many' : ''}`} aria-label={`${everyone.length} online`} data-testid="online-list">
      {everyone.slice(0, SHOWN_MAX).map((p) => {
        const full = `${p.name}${p.you ? ' (you)' : ''}${p.editing ? `, ${editingText(p.editing)}` : ''}`;
        return (
          <li key={p.clientId} title={full} style={{ ['--c' as string]: p.color }} data-testid="online-person" data-name={p.name}>
            <span className="avatar" aria-hidden="true">
              {initials(p.name)}
            </span>
            {named ? (
              <span className="peer-name" aria-hidden="true">
                {p.you ? `${p.name} (you)` : p.name}
              </span>
            ) : null}
            <span className="sr-only">{full}</span>
            {p.editing && (
              <span className="editing-mark" aria-hidden="true">
                ✎
              </span>
            )}
          </li>
        );
      })}
      {everyone.length > SHOWN_MAX && (
        <li className="more" title={everyone.slice(SHOWN_MAX).map((p) => p.name).join(', ')}>
          +{everyone.length - SHOWN_MAX}
        </li>
      )}
    </ul>
  );
}
