import { useShallow } from 'zustand/react/shallow';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { dismissOutcome } from '../../store/workshopActions.ts';

/**
 * What the last command did. An `all.*` command is applied board by board and a board may refuse
 * (locked, say): every refusal is listed by group name with the server's reason, never summed away.
 */
export function CommandOutcomeBar() {
  const outcome = useWorkshopStore((s) => s.outcome);
  const names = useWorkshopStore(useShallow((s) => Object.fromEntries((s.state?.groups ?? []).map((g) => [g.board, g.name]))));
  if (!outcome) return null;
  const refused = outcome.results.filter((r) => !r.ok);
  const failed = outcome.error !== null || refused.length > 0;
  // Single-group commands say nothing when they work: the table shows the change.
  if (!failed && outcome.results.length === 0) return null;
  return (
    <div className={`ws-outcome ${failed ? 'ws-outcome-error' : 'ws-outcome-ok'}`} role={failed ? 'alert' : 'status'} data-testid="command-outcome">
      <div>
        <strong>{outcome.label}:</strong>{' '}
        {outcome.error
          ? outcome.error.message
          : refused.length === 0
            ? `done in all ${outcome.results.length} groups.`
            : `done in ${outcome.results.length - refused.length} of ${outcome.results.length} groups; refused by ${refused.length}:`}
        {refused.length > 0 && (
          <ul className="ws-refusals">
            {refused.map((r) => (
              <li key={r.board} data-testid="refusal-group">
                <strong>{names[r.board] ?? r.board}</strong>: {r.error?.message ?? 'refused'}
              </li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="icon-button" onClick={dismissOutcome} aria-label="Dismiss">
        ×
      </button>
    </div>
  );
}
