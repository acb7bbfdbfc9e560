import { useLayoutEffect, useRef, useState } from 'react';
import type { CardKind, CardSnapshot, Settings } from '@sessionboard/shared';
import { CARD_KIND_LABELS } from '@sessionboard/shared';

/** The most cards a column tries to show before it starts fitting. */
const MAX_SHOWN = 12;
/** The smallest the text shrinks to (of its normal size) before cards are left out instead. */
const MIN_SCALE = 0.7;

interface Props {
  kind: CardKind;
  /** The column's cards, in the order to show. */
  cards: CardSnapshot[];
  settings: Settings;
  votes: Record<string, number> | null;
  /** Card texts by id, for a goal's "why" (the weaknesses it addresses). */
  textOf: (id: string) => string | undefined;
}

/**
 * One column of the room screen. It fits what it shows to the screen: first the text shrinks (down to
 * 70 %), then cards at the end are left out and counted in a "+ N more" line that always stays on
 * screen. Nothing is ever cut off at the bottom.
 */
export function ProjectorColumn({ kind, cards, settings, votes, textOf }: Props) {
  const column = useRef<HTMLDivElement>(null);
  const list = useRef<HTMLOListElement>(null);
  const [fit, setFit] = useState({ scale: 1, shown: Math.min(cards.length, MAX_SHOWN) });
  const votable = settings.votableKinds.includes(kind);
  const hidden = votable && votes === null;
  // What the fitting depends on: which cards, how long, and the screen's size.
  const signature = cards.map((c) => `${c.id}:${c.text.length}:${c.measure.length}:${c.owner.length}:${c.due.length}:${c.links.length}`).join('|');
  const [screen, setScreen] = useState(() => `${window.innerWidth}x${window.innerHeight}`);

  useLayoutEffect(() => {
    const onResize = () => setScreen(`${window.innerWidth}x${window.innerHeight}`);
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  useLayoutEffect(() => {
    const col = column.current;
    const ol = list.current;
    if (!col || !ol) return;
    // Tried on the DOM before the browser paints (the one thing layout effects are for), then kept.
    let scale = 1;
    let shown = Math.min(cards.length, MAX_SHOWN);
    const apply = () => {
      col.style.setProperty('--fit', String(scale));
      Array.from(ol.children).forEach((li, i) => ((li as HTMLElement).hidden = i >= shown));
    };
    apply();
    while (ol.scrollHeight > ol.clientHeight + 1) {
      if (scale > MIN_SCALE) scale = Math.max(MIN_SCALE, Math.round((scale - 0.1) * 10) / 10);
      else if (shown > 1) shown--;
      else break;
      apply();
    }
    setFit((f) => (f.scale === scale && f.shown === shown ? f : { scale, shown }));
  }, [signature, screen, cards.length, votes]);

  const top = (id: string, rank: number) => rank < 3 && votable && votes !== null && (votes[id] ?? 0) > 0;
  const more = cards.length - fit.shown;
  return (
    <div ref={column} className={`projector-col column-${kind}`} style={{ ['--fit' as string]: String(fit.scale) }} data-testid={`projector-col-${kind}`}>
      <h2>
        {CARD_KIND_LABELS[kind]} <span className="count">{cards.length}</span>
      </h2>
      {hidden && <p className="projector-hidden">Votes hidden until revealed</p>}
      <ol ref={list}>
        {cards.slice(0, MAX_SHOWN).map((c, i) => (
          <li key={c.id} className={`pcard card-${c.kind}`} data-testid="pcard" hidden={i >= fit.shown}>
            <span className="pcard-body">
              <span className="pcard-text" dir="auto">
                {top(c.id, i) && <span className="prank">Top {i + 1}</span>}
                {c.text}
              </span>
              {c.kind === 'goal' && <GoalLines goal={c} textOf={textOf} />}
            </span>
            {votable && votes && <span className={`pdots ${top(c.id, i) ? 'top' : ''}`}>● {votes[c.id] ?? 0}</span>}
          </li>
        ))}
      </ol>
      {more > 0 && (
        <p className="projector-more" data-testid="projector-more">
          + {more} more
        </p>
      )}
    </div>
  );
}

/** A goal's why, measure, owner and due, as the lesson asks every goal to say. */
function GoalLines({ goal, textOf }: { goal: CardSnapshot; textOf: (id: string) => string | undefined }) {
  const why = goal.links.map(textOf).filter((t): t is string => Boolean(t));
  return (
    <span className="pgoal">
      {why.length > 0 && (
        <span className="pgoal-line" dir="auto">
          <b>Why</b> {why.join('; ')}
        </span>
      )}
      <span className="pgoal-line" dir="auto">
        <b>How we will know</b> {goal.measure || '—'}
      </span>
      <span className="pgoal-line" dir="auto">
        <b>Who</b> {goal.owner || '—'} · <b>By</b> {goal.due || '—'}
      </span>
    </span>
  );
}
