import { useBoardStore } from '../store/boardStore.ts';

const TEXT = {
  connecting: 'Connecting…',
  synced: 'Live',
  offline: 'Offline — changes are kept',
  error: 'Cannot connect',
} as const;

/** Whether what you see is live; offline edits are kept and sent on reconnect. */
export function ConnectionBadge() {
  const status = useBoardStore((s) => s.status);
  return (
    <span className={`status status-${status}`} role="status" data-testid="connection-status" data-status={status}>
      <span className="dot" aria-hidden="true" />
      <span className="status-text">{TEXT[status]}</span>
    </span>
  );
}
