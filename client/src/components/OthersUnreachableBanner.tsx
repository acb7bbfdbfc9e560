import { useBoardStore } from '../store/boardStore.ts';

/**
 * Scale-out: the server this page talks to has lost the other server processes. People connected to
 * them may not appear live until it reconnects; the page says so rather than go quietly stale.
 */
export function OthersUnreachableBanner() {
  const message = useBoardStore((s) => s.othersUnreachable);
  if (!message) return null;
  return (
    <div className="others-banner" role="status" data-testid="others-unreachable">
      {message}
    </div>
  );
}
