import { useEffect, useRef, useState } from 'react';
import type { CardKind, StepSettings } from '@sessionboard/shared';
import { CARD_KINDS, CARD_KIND_LABELS } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { sendCommand } from '../store/actions.ts';

/** The facilitator's settings: step titles and timeboxes, dots, which kinds take votes, hidden votes, anonymous weaknesses. */
export function SettingsDialog({ onClose }: { onClose: () => void }) {
  const settings = useBoardStore((s) => s.session?.settings);
  const ref = useRef<HTMLDialogElement>(null);
  const [steps, setSteps] = useState<StepSettings[]>(() => settings?.steps.map((s) => ({ ...s })) ?? []);
  const [votesPerPerson, setVotes] = useState(settings?.votesPerPerson ?? 3);
  const [maxVotesPerCard, setMax] = useState(settings?.maxVotesPerCard ?? 2);
  const [votableKinds, setKinds] = useState<CardKind[]>(() => [...(settings?.votableKinds ?? ['weakness'])]);
  const [hideVotes, setHide] = useState(settings?.hideVotes ?? false);
  const [anonymousWeaknesses, setAnonymous] = useState(settings?.anonymousWeaknesses ?? false);

  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const ok = await sendCommand({ type: 'settings.update', settings: { steps, votesPerPerson, maxVotesPerCard, votableKinds, hideVotes, anonymousWeaknesses } });
    if (ok) onClose();
  }

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="settings-title" onClose={onClose}>
      <form onSubmit={save}>
        <h2 id="settings-title">Board settings</h2>
        <fieldset>
          <legend>Steps and timeboxes</legend>
          {steps.map((step, i) => (
            <div className="step-row" key={i}>
              <label>
                Step {i + 1} title
                <input value={step.title} maxLength={120} required onChange={(e) => setSteps(steps.map((s, j) => (j === i ? { ...s, title: e.target.value } : s)))} />
              </label>
              <label className="minutes">
                Minutes
                <input
                  type="number"
                  min={1}
                  max={240}
                  value={Math.round(step.durationMs / 60_000)}
                  onChange={(e) => setSteps(steps.map((s, j) => (j === i ? { ...s, durationMs: Math.max(1, Number(e.target.value) || 1) * 60_000 } : s)))}
                />
              </label>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend>Dot-voting</legend>
          <label>
            Dots per person
            <input type="number" min={0} max={50} value={votesPerPerson} onChange={(e) => setVotes(Number(e.target.value))} />
          </label>
          <label>
            Most dots one person may put on one card
            <input type="number" min={1} max={50} value={maxVotesPerCard} onChange={(e) => setMax(Number(e.target.value))} />
          </label>
          <p className="field-label" id="votable-kinds">
            Cards that take votes
          </p>
          <div className="checks" role="group" aria-labelledby="votable-kinds">
            {CARD_KINDS.map((k) => (
              <label key={k} className="check">
                <input type="checkbox" checked={votableKinds.includes(k)} onChange={(e) => setKinds(e.target.checked ? [...votableKinds, k] : votableKinds.filter((x) => x !== k))} />
                {CARD_KIND_LABELS[k]}
              </label>
            ))}
          </div>
          <label className="check">
            <input type="checkbox" checked={hideVotes} onChange={(e) => setHide(e.target.checked)} />
            Hide vote totals until I reveal them
          </label>
        </fieldset>
        <fieldset>
          <legend>Weaknesses</legend>
          <label className="check">
            <input type="checkbox" checked={anonymousWeaknesses} aria-describedby="anonymous-note" onChange={(e) => setAnonymous(e.target.checked)} />
            Anonymous weaknesses
          </label>
          <p className="muted small" id="anonymous-note">
            New weaknesses are written without their author, and the board and its exports show none. Weaknesses written before
            still carry their author in the board's data.
          </p>
        </fieldset>
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="primary">
            Save settings
          </button>
        </div>
      </form>
    </dialog>
  );
}
