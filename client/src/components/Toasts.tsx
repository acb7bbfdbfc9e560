import { useShallow } from 'zustand/react/shallow';
import { dismissToast, useBoardStore } from '../store/boardStore.ts';

/** Refusals and notices, announced to screen readers. */
export function Toasts() {
  const toasts = useBoardStore(useShallow((s) => s.toasts));
  return (
    <div className="toasts" role="status" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.kind}`} data-testid="toast">
          <span>{t.text}</span>
          <button type="button" className="icon-button" onClick={() => dismissToast(t.id)} aria-label="Dismiss message">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
