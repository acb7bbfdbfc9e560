import { useShallow } from 'zustand/react/shallow';
import type { CardKind } from '@sessionboard/shared';
import { compareOrder, formatJoinCode, isVotingStep, stepColumns, templateById } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { TimerDisplay } from '../components/TimerDisplay.tsx';
import { TimeUpBanner } from '../components/TimeUpBanner.tsx';
import { GoalProgress } from '../components/GoalProgress.tsx';
import { QrCode } from '../components/QrCode.tsx';
import { NoticeBanner } from '../components/NoticeBanner.tsx';
import { HelpBanner } from '../components/HelpBanner.tsx';
import { ProjectorColumn } from './projector/ProjectorColumn.tsx';

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
  // Ranked once the result is in (revealed, or past the voting step), as on the board.
  const resultIn = s.session.votesRevealed || !isVotingStep(settings, step);
  const byKind = (kind: CardKind) => {
    const list = cards.filter((c) => c.kind === kind);
    const voted = settings.votableKinds.includes(kind) && votes && resultIn;
    return list.sort((a, b) => (voted ? (votes[b.id] ?? 0) - (votes[a.id] ?? 0) : 0) || compareOrder(a, b));
  };
  const texts = new Map(cards.map((c) => [c.id, c.text]));
  const textOf = (id: string) => texts.get(id);
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
        {s.session.locked ? (
          // A locked board turns newcomers away: the room screen does not invite them.
          <aside className="projector-join projector-locked" aria-label="Board locked" data-testid="projector-locked">
            <p className="projector-locked-title">Board locked</p>
            <p className="projector-url">Nobody new can join. Ask the facilitator to unlock it.</p>
          </aside>
        ) : (
          <aside className="projector-join" aria-label="How to join">
            <QrCode text={joinUrl} label={`QR code to join: ${joinUrl}`} />
            <p className="projector-code" data-testid="join-code">
              {formatJoinCode(s.joinCode)}
            </p>
            <p className="projector-url">{location.host}/join</p>
          </aside>
        )}
      </header>
      <HelpBanner large />
      {columns.includes('goal') && <GoalProgress large />}
      {current?.privateDrafts && (
        <p className="projector-solo">Solo time: write on your own device. Drafts stay private until you share them.</p>
      )}
      <section className="projector-results" style={{ ['--cols' as string]: String(Math.max(1, columns.length)) }}>
        {columns.map((kind) => (
          <ProjectorColumn key={kind} kind={kind} cards={byKind(kind)} settings={settings} votes={votes} textOf={textOf} />
        ))}
      </section>
    </main>
  );
}
