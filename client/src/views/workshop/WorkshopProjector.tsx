import { useShallow } from 'zustand/react/shallow';
import type { GroupSummary } from '@sessionboard/shared';
import { formatJoinCode, workshopJoinPath } from '@sessionboard/shared';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { useWorkshopNow } from '../../hooks/useWorkshopNow.ts';
import { QrCode } from '../../components/QrCode.tsx';
import { GroupTimer } from './GroupTimer.tsx';
import { slotsByMentor } from './RotationSchedule.tsx';
import { GOAL_TARGET, formatWait, slotSpan } from './workshopFormat.ts';
import { tileGrid } from './tileGrid.ts';

/** Share of the screen's width the tiles get (the rest is the join card and the rotation). */
const TILE_AREA_WIDTH = 0.76;
/** Share of its height (the rest is the title and the notice). */
const TILE_AREA_HEIGHT = 0.84;

/** The room's screen for a whole workshop: every group as a tile, the code to join, the notice. Nothing to click. */
export function WorkshopProjector() {
  const groups = useWorkshopStore(useShallow((s) => s.state?.groups ?? []));
  const title = useWorkshopStore((s) => s.state?.title ?? s.info?.title ?? '');
  const joinCode = useWorkshopStore((s) => s.state?.joinCode ?? s.info?.joinCode ?? '');
  const notice = useWorkshopStore((s) => s.state?.notice ?? null);
  const rotation = useWorkshopStore((s) => s.state?.rotation ?? null);
  const status = useWorkshopStore((s) => s.status);
  const joinLink = useWorkshopStore((s) => s.info?.links.join);
  const now = useWorkshopNow(250);
  const sorted = [...groups].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  const { cols, rows } = tileGrid(sorted.length, (innerWidth * TILE_AREA_WIDTH) / (innerHeight * TILE_AREA_HEIGHT));
  const joinUrl = joinLink ?? `${location.origin}${workshopJoinPath(joinCode)}`;

  return (
    <main className="ws-projector" data-testid="workshop-projector">
      <header className="ws-p-head">
        <h1 className="ws-p-title">{title}</h1>
        {status !== 'synced' && <span className="ws-p-offline">{status === 'connecting' ? 'connecting…' : 'reconnecting…'}</span>}
      </header>
      {notice && (
        <p className="ws-p-notice" data-testid="projector-notice" role="status">
          {notice.message}
        </p>
      )}
      <div className="ws-p-body">
        <section
          className="ws-p-tiles"
          aria-label="Groups"
          style={{
            ['--cols' as string]: String(cols),
            ['--rows' as string]: String(rows),
          }}
          data-testid="projector-tiles"
        >
          {sorted.map((g) => (
            <Tile key={g.board} group={g} now={now} />
          ))}
        </section>
        <aside className="ws-p-side">
          {joinCode && (
            <div className="ws-p-join" aria-label="How to join">
              <QrCode text={joinUrl} label={`QR code to join: ${joinUrl}`} />
              <p className="ws-p-code" data-testid="join-code">
                {formatJoinCode(joinCode)}
              </p>
              <p className="ws-p-url">{location.host}/join</p>
            </div>
          )}
          {rotation && rotation.slots.length > 0 && (
            <div className="ws-p-rotation" data-testid="projector-rotation">
              <h2>Mentors</h2>
              <ul>
                {slotsByMentor(rotation).map(([mentor, slots]) => (
                  <li key={mentor}>
                    <strong>{mentor}</strong> {slots.map((s) => `${s.group} ${slotSpan(s)}`).join(' · ')}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </aside>
      </div>
    </main>
  );
}

function Tile({ group, now }: { group: GroupSummary; now: number }) {
  const hand = group.help.requested;
  const goals = Math.min(group.goals.complete, GOAL_TARGET);
  return (
    <article className={`ws-tile ${hand ? 'ws-tile-hand' : ''}`} data-testid="projector-tile" data-group={group.name} data-hand={hand ? 'up' : 'down'}>
      <div className="ws-tile-top">
        <h2 className="ws-tile-name">{group.name}</h2>
        {hand && <span className="ws-tile-hand-mark">✋ {formatWait(now - (group.help.since ?? now))}</span>}
      </div>
      <p className="ws-tile-step">
        <span className="ws-tile-step-no">{group.step + 1}</span> {group.stepTitle}
      </p>
      <div className="ws-tile-bottom">
        <GroupTimer timer={group.timer} now={now} />
        <span className="ws-tile-goals" aria-label={`${group.goals.complete} of ${GOAL_TARGET} goals complete`}>
          <span className="ws-tile-segs" aria-hidden="true">
            {Array.from({ length: GOAL_TARGET }, (_, i) => (
              <span key={i} className={`seg ${i < goals ? 'done' : ''}`} />
            ))}
          </span>
          {group.goals.complete}/{GOAL_TARGET}
        </span>
      </div>
    </article>
  );
}
