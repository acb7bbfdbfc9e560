import { CARD_KIND_LABELS } from '@sessionboard/shared';
import { BoardHeader } from '../components/BoardHeader.tsx';
import { StepBar } from '../components/StepBar.tsx';
import { ControlBar } from '../components/ControlBar.tsx';
import { Column } from '../components/Column.tsx';
import { DraftsPanel } from '../components/DraftsPanel.tsx';
import { GoalProgress } from '../components/GoalProgress.tsx';
import { Toasts } from '../components/Toasts.tsx';
import { PrintSummary } from '../components/PrintSummary.tsx';
import { usePrinting } from '../hooks/usePrinting.ts';
import { TimeUpBanner } from '../components/TimeUpBanner.tsx';
import { NoticeBanner } from '../components/NoticeBanner.tsx';
import { OthersUnreachableBanner } from '../components/OthersUnreachableBanner.tsx';
import { HelpBanner } from '../components/HelpBanner.tsx';
import { JoinedBanner } from '../components/JoinedBanner.tsx';
import { CardView } from '../components/CardView.tsx';
import { useColumns, useContextColumns, useUnknownCards, useViewedStep } from '../hooks/useBoardView.ts';
import { useBoardStore } from '../store/boardStore.ts';
import { viewStep } from '../store/actions.ts';

/** The board a group works on through the whole agenda. */
export function BoardPage() {
  const { viewed, current, step } = useViewedStep();
  const columns = useColumns();
  const context = useContextColumns();
  const unknown = useUnknownCards();
  const ready = useBoardStore((s) => s.session !== null && s.board !== null);
  const printing = usePrinting();
  const draftsKey = useBoardStore((s) => `${s.boardId}:${s.participantId}`);

  return (
    <div className="board-page">
      <BoardHeader />
      <TimeUpBanner />
      <NoticeBanner />
      <OthersUnreachableBanner />
      <HelpBanner />
      <JoinedBanner />
      <main className="board-main" id="main">
        {!ready ? (
          <p className="loading" role="status">
            Opening the board…
          </p>
        ) : (
          <>
            <StepBar />
            <ControlBar />
            <section className="step-intro" aria-labelledby="step-title">
              <div>
                <p className="step-kicker">
                  Step {viewed + 1}
                  {viewed !== current && <span className="badge muted-badge">you are looking back — the group is on step {current + 1}</span>}
                </p>
                <h2 id="step-title">{step?.title}</h2>
                {step?.instructions && <p className="instructions">{step.instructions}</p>}
              </div>
              {viewed !== current && (
                <button type="button" className="secondary" onClick={() => viewStep(null)}>
                  Back to the current step
                </button>
              )}
            </section>
            {columns.includes('goal') && <GoalProgress />}
            {step?.privateDrafts && <DraftsPanel key={draftsKey} />}
            <div className="columns" style={{ ['--cols' as string]: String(Math.max(1, columns.length)) }}>
              {columns.map((kind) => (
                <Column key={kind} kind={kind} context={context.has(kind) && columns.some((k) => !context.has(k))} />
              ))}
            </div>
            {unknown.length > 0 && (
              <section className="column unknown-column" aria-label="Cards from other tools">
                <h3>Other cards</h3>
                <p className="muted">Written by another tool in a shape this board does not know; shown as they are.</p>
                <ul className="card-list">
                  {unknown.map((c) => (
                    <li key={c.id}>
                      <CardView card={c} />
                    </li>
                  ))}
                </ul>
              </section>
            )}
            <p className="sr-only" aria-live="polite">
              {columns.map((k) => CARD_KIND_LABELS[k]).join(', ')}
            </p>
          </>
        )}
      </main>
      <Toasts />
      {printing && <PrintSummary />}
    </div>
  );
}
