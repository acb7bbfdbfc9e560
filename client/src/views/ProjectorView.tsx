import { useShallow } from 'zustand/react/shallow';
import type { CardKind } from '@sessionboard/shared';
import { CARD_KIND_LABELS, compareOrder, formatJoinCode, stepColumns, templateById } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { TimerDisplay } from '../components/TimerDisplay.tsx';
import { TimeUpBanner } from '../components/TimeUpBanner.tsx';
import { GoalProgress } from '../components/GoalProgress.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { NoticeBanner } from '../components/NoticeBanner.tsx';
import { HelpBanner } from '../components/HelpBanner.tsx';

const MAX_CARDS_PER_COLUMN = 8;

/** The room screen: nothing to click, readable from the back, follows the group's step on its own. */
export function ProjectorView() {
  const s = useBoardStore(
    useShallow((st) => ({
      title: st.board?.meta.title ?? '',
      team: st.board?.meta.team ?? '',
      template: st.board?.meta.template,
      joinCode: st.joinCode,
      status: st.status,
      session: st.session,
    })),
  );
  const cards = useBoardStore(useShallow((st) => st.board?.cards ?? []));
  if (!s.session) {
    return (
      <main className="projector">
        <p className="projector-loading">Connecting…</p>
      </main>
    );
  }
  const { step, settings, votes } = s.session;
  const current = settings.steps[step];
  const columns = stepColumns(settings, step, templateById(s.template));
  const joinUrl = `${location.origin}/join/${s.joinCode}`;
  const byKind = (kind: CardKind) => {
    const list = cards.filter((c) => c.kind === kind);
    const voted = settings.votableKinds.includes(kind) && votes;
    return list.sort((a, b) => (voted ? (votes[b.id] ?? 0) - (votes[a.id] ?? 0) : 0) || compareOrder(a, b));
  };
  const top = (kind: CardKind, id: string, rank: number) => rank < 3 && settings.votableKinds.includes(kind) && votes !== null && (votes[id] ?? 0) > 0;
  return (
    <main className="projector" data-testid="projector">
      <TimeUpBanner />
      <NoticeBanner large />
      <header className="projector-head">
        <div>
          <p className="projector-board">
            {s.title}
            {s.team && ` · ${s.team}`}
            {s.status !== 'synced' && <span className="projector-offline"> · reconnecting…</span>}
          </p>
          <p className="projector-step-no">
            Step {step + 1} of {settings.steps.length}
          </p>
          <h1 className="projector-step" data-testid="projector-step">
            {current?.title}
          </h1>
          {current?.instructions && <p className="projector-instructions">{current.instructions}</p>}
        </div>
        <TimerDisplay big />
        <aside className="projector-join" aria-label="How to join">
          <QrCode text={joinUrl} label={`QR code to join: ${joinUrl}`} />
          <p className="projector-code" data-testid="join-code">
            {formatJoinCode(s.joinCode)}
          </p>
          <p className="projector-url">{location.host}/join</p>
        </aside>
      </header>
      <HelpBanner large />
      {columns.includes('goal') && <GoalProgress large />}
      {current?.privateDrafts && (
        <p className="projector-solo">Solo time: write on your own device. Drafts stay private until you share them.</p>
      )}
      <section className="projector-results" style={{ ['--cols' as string]: String(Math.max(1, columns.length)) }}>
        {columns.map((kind) => {
          const list = byKind(kind);
          const hidden = settings.votableKinds.includes(kind) && votes === null;
          return (
            <div key={kind} className={`projector-col column-${kind}`}>
              <h2>
                {CARD_KIND_LABELS[kind]} <span className="count">{list.length}</span>
              </h2>
              {hidden && <p className="projector-hidden">Votes hidden until revealed</p>}
              <ol>
                {list.slice(0, MAX_CARDS_PER_COLUMN).map((c, i) => (
                  <li key={c.id} className={`pcard card-${c.kind}`}>
                    <span className="pcard-text">
                      {top(kind, c.id, i) && <span className="prank">Top {i + 1}</span>}
                      {c.text}
                    </span>
                    {settings.votableKinds.includes(kind) && votes && (
                      <span className={`pdots ${top(kind, c.id, i) ? 'top' : ''}`}>● {votes[c.id] ?? 0}</span>
                    )}
                  </li>
                ))}
              </ol>
              {list.length > MAX_CARDS_PER_COLUMN && <p className="projector-more">+ {list.length - MAX_CARDS_PER_COLUMN} more</p>}
            </div>
          );
        })}
      </section>
    </main>
  );
}
