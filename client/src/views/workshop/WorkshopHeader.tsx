import { WORKSHOP_ROLE_LABELS, formatJoinCode } from '@sessionboard/shared/light';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { WorkshopConnectionBadge } from './WorkshopConnectionBadge.tsx';

/** Title, role, the room's join code and whether the view is live: the top line of console and mentor view. */
export function WorkshopHeader({ children }: { children?: React.ReactNode }) {
  const title = useWorkshopStore((s) => s.state?.title ?? s.info?.title ?? 'Workshop');
  const joinCode = useWorkshopStore((s) => s.state?.joinCode ?? s.info?.joinCode ?? '');
  const role = useWorkshopStore((s) => s.info?.role);
  const groups = useWorkshopStore((s) => s.state?.groups.length ?? s.info?.groups.length ?? 0);
  const online = useWorkshopStore((s) => s.state?.groups.reduce((n, g) => n + g.online, 0) ?? 0);
  return (
    <header className="ws-header">
      <div className="ws-title">
        <h1>{title}</h1>
        <p className="muted">
          {role ? WORKSHOP_ROLE_LABELS[role] : ''} · {groups} groups · <span data-testid="online-total">{online}</span> online
        </p>
      </div>
      {joinCode && (
        <p className="ws-code" aria-label={`Join code ${formatJoinCode(joinCode)}`}>
          <span className="muted small">Join code</span>{' '}
          <span className="join-code-inline" data-testid="workshop-join-code">
            {formatJoinCode(joinCode)}
          </span>
        </p>
      )}
      {children}
      <WorkshopConnectionBadge />
    </header>
  );
}
