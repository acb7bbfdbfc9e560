import { useShallow } from 'zustand/react/shallow';
import type { GroupSummary, Rotation } from '@sessionboard/shared/light';
import { formatJoinCode, workshopJoinPath } from '@sessionboard/shared/light';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { useWorkshopNow } from '../../hooks/useWorkshopNow.ts';
import { QrCode } from '../../components/QrCode.tsx';
import { GroupTimer } from './GroupTimer.tsx';
import { slotsByMentor } from './RotationSchedule.tsx';
import { GOAL_TARGET, formatMinutes, formatWait, shortNames, slotSpan } from './workshopFormat.ts';
import { HandIcon } from '../../components/HandIcon.tsx';
import { tileGrid } from './tileGrid.ts';

/** Share of the screen's width the tiles get (the rest is the join card and the rotation). */
const TILE_AREA_WIDTH = 0.82;
/** From this many rows of tiles, a step's title gets one line so names and times can stay large. */
const DENSE_ROWS = 5;
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
          className={`ws-p-tiles ${rows >= DENSE_ROWS ? 'ws-p-dense' : ''}`}
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
        <aside className={`ws-p-side ${rotation && rotation.slots.length > 0 ? 'ws-p-side-rotation' : ''}`}>
          {joinCode && (
            <div className="ws-p-join" aria-label="How to join">
              <QrCode text={joinUrl} label={`QR code to join: ${joinUrl}`} />
              <p className="ws-p-code" data-testid="join-code">
                {formatJoinCode(joinCode)}
              </p>
              <p className="ws-p-url">{location.host}/join</p>
            </div>
          )}
          {rotation && rotation.slots.length > 0 && <ProjectorRotation rotation={rotation} groups={sorted.map((g) => g.name)} />}
        </aside>
      </div>
    </main>
  );
}

/**
 * The mentors' rotation, a line per mentor with their groups in order ("Ada  1  6  11"),
 * with group names shortened where they share a prefix, so five mentors fit beside the tiles.
 */
function ProjectorRotation({ rotation, groups }: { rotation: Rotation; groups: readonly string[] }) {
  const short = shortNames(groups);
  const lengths = new Set(rotation.slots.map((s) => s.durationMs));
  const each = lengths.size === 1 ? formatMinutes([...lengths][0] ?? 0) : null;
  return (
    <div className="ws-p-rotation" data-testid="projector-rotation">
      <h2>Mentors</h2>
      <p className="ws-p-rotation-each">{each ? `${each} min with each group, in order` : 'minutes into the mentoring step'}</p>
      <dl>
        {slotsByMentor(rotation).map(([mentor, slots]) => (
          <div key={mentor}>
            <dt>{mentor}</dt>
            <dd>
              {slots.map((s, i) => (
                <span key={i}>{each ? short(s.group) : `${short(s.group)} (${slotSpan(s)})`}</span>
              ))}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}

function Tile({ group, now }: { group: GroupSummary; now: number }) {
  const hand = group.help.requested;
  const goals = Math.min(group.goals.complete, GOAL_TARGET);
  return (
    <article className={`ws-tile ${hand ? 'ws-tile-hand' : ''}`} data-testid="projector-tile" data-group={group.name} data-hand={hand ? 'up' : 'down'}>
      <h2 className="ws-tile-name">{group.name}</h2>
      {/* A raised hand takes the step title's line (the step number stays): it is what the room must see. */}
      <p className="ws-tile-step">
        <span className="ws-tile-step-no" title="step">
          {group.step + 1}
        </span>{' '}
        {hand ? (
          <span className="ws-tile-hand-mark">
            <HandIcon /> {formatWait(now - (group.help.since ?? now))}
            <span className="sr-only"> waiting for a mentor</span>
          </span>
        ) : (
          group.stepTitle
        )}
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
