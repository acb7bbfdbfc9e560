import { useShallow } from 'zustand/react/shallow';
import { useBoardStore } from '../store/boardStore.ts';
import { colorFor } from '../sync/connectBoard.ts';

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join('');
}

/** Who is here, with their colours; a pencil marks who is editing. */
export function OnlineList() {
  const peers = useBoardStore(useShallow((s) => s.peers));
  const me = useBoardStore(useShallow((s) => ({ name: s.name, id: s.participantId ?? '' })));
  const everyone = [{ clientId: -1, name: `${me.name} (you)`, color: colorFor(me.id), editing: null as string | null }, ...peers];
  return (
    <ul className="online" aria-label={`${everyone.length} online`} data-testid="online-list">
      {everyone.slice(0, 8).map((p) => (
        <li key={p.clientId} title={p.editing ? `${p.name} is editing` : p.name} style={{ ['--c' as string]: p.color }}>
          <span className="avatar" aria-hidden="true">
            {initials(p.name.replace(' (you)', ''))}
          </span>
          <span className="sr-only">{p.name}{p.editing ? ', editing a card' : ''}</span>
          {p.editing && <span className="editing-mark" aria-hidden="true">✎</span>}
        </li>
      ))}
      {everyone.length > 8 && <li className="more">+{everyone.length - 8}</li>}
    </ul>
  );
}
