import { useShallow } from 'zustand/react/shallow';
import type { CardSnapshot } from '@sessionboard/shared';
import { compareOrder } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';

function ofKind(cards: CardSnapshot[], kind: string): CardSnapshot[] {
  return cards.filter((c) => c.kind === kind).sort(compareOrder);
}

/** What the print dialog shows: the whole session on one or two pages, no controls. Hidden on screen. */
export function PrintSummary() {
  const cards = useBoardStore(useShallow((s) => s.board?.cards ?? []));
  const meta = useBoardStore((s) => s.board?.meta);
  const votes = useBoardStore((s) => s.session?.votes ?? null);
  const byId = new Map(cards.map((c) => [c.id, c]));
  const weaknesses = ofKind(cards, 'weakness').sort((a, b) => (votes ? (votes[b.id] ?? 0) - (votes[a.id] ?? 0) : 0) || compareOrder(a, b));
  const goals = ofKind(cards, 'goal');
  const backlog = ofKind(cards, 'backlog');
  const simple = (title: string, list: CardSnapshot[]) => (
    <section>
      <h2>{title}</h2>
      {list.length === 0 ? <p className="muted">None.</p> : <ul>{list.map((c) => <li key={c.id}>{c.text}</li>)}</ul>}
    </section>
  );
  return (
    <div className="print-summary">
      <h1>{meta?.title}</h1>
      <p>
        {meta?.team && <>{meta.team} · </>}
        {new Date().toLocaleDateString()}
      </p>
      <div className="print-grid">
        {simple('Shared ideas', ofKind(cards, 'personal'))}
        {simple('Strengths', ofKind(cards, 'strength'))}
        <section>
          <h2>Weaknesses{votes ? ', by votes' : ''}</h2>
          <ul>
            {weaknesses.map((c) => (
              <li key={c.id}>
                {c.text}
                {votes && <strong> ({votes[c.id] ?? 0})</strong>}
              </li>
            ))}
          </ul>
        </section>
        {simple('Questions for the mentor', ofKind(cards, 'question'))}
        {simple('Discussion notes', ofKind(cards, 'note'))}
      </div>
      <section>
        <h2>Goals</h2>
        {goals.length === 0 && <p className="muted">None.</p>}
        <ol className="print-goals">
          {goals.map((g) => (
            <li key={g.id}>
              <strong>{g.text}</strong>
              <div>Why: {g.links.map((l) => byId.get(l)?.text).filter(Boolean).join('; ') || '—'}</div>
              <div>How we will know: {g.measure || '—'} · Who: {g.owner || '—'} · By: {g.due || '—'}</div>
              <ul>
                {backlog
                  .filter((b) => b.goal === g.id)
                  .map((b) => (
                    <li key={b.id}>
                      {b.done ? '☑' : '☐'} {b.text}
                      {b.owner && ` (${b.owner})`}
                    </li>
                  ))}
              </ul>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
