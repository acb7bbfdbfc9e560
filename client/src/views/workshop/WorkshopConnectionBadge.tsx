import { useWorkshopStore } from '../../store/workshopStore.ts';

const TEXT = {
  connecting: 'Connecting…',
  synced: 'Live',
  offline: 'Offline — reconnecting',
  error: 'Cannot connect',
} as const;

/** Whether the figures on screen are live (the board's ConnectionBadge, fed by the workshop store). */
export function WorkshopConnectionBadge() {
  const status = useWorkshopStore((s) => s.status);
  const limited = useWorkshopStore((s) => s.errorCode === 'rate_limited');
  return (
    <span className={`status status-${status}`} role="status" data-testid="connection-status" data-status={status}>
      <span className="dot" aria-hidden="true" />
      {limited && status === 'offline' ? 'Slowed down — retrying' : TEXT[status]}
    </span>
  );
}
