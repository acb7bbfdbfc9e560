import { useState } from 'react';
import type { Assignment, CreatedWorkshop } from '@sessionboard/shared/light';
import { MAX_TITLE_CHARS, MAX_WORKSHOP_GROUPS, TEMPLATES, settingsFromTemplate, templateById } from '@sessionboard/shared/light';
import { requestJson } from '../../api/requestJson.ts';
import type { WorkshopDraft } from './workshopRequest.ts';
import { MAX_STEP_MINUTES, draftFor, groupNameLines, workshopRequest } from './workshopRequest.ts';

const ASSIGNMENT_CHOICES: { value: Assignment; label: string; hint: string }[] = [
  { value: 'balanced', label: 'Sent to the emptiest group', hint: 'Everyone types the same code; groups fill up evenly.' },
  { value: 'choose', label: 'They choose their group', hint: 'For teams that already know each other: each person picks from the list.' },
];

function agendaLabel(id: string): string {
  const t = templateById(id);
  const minutes = t.steps.reduce((sum, s) => sum + s.durationMs, 0) / 60_000;
  return `${t.name} (${t.steps.length} steps, ${minutes} minutes)`;
}

/** "Run a workshop": many group boards at once, with the settings every group gets. */
export function WorkshopForm({ onCreated }: { onCreated: (workshop: CreatedWorkshop, title: string) => void }) {
  const [draft, setDraft] = useState<WorkshopDraft>(() => draftFor('mentoring-session'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ field: string; message: string } | null>(null);
  const steps = settingsFromTemplate(templateById(draft.template)).steps;
  const names = groupNameLines(draft.groupNames);
  const edit = (patch: Partial<WorkshopDraft>) => {
    setDraft((d) => ({ ...d, ...patch }));
    setError(null);
  };

  async function submit(event: React.FormEvent) {
    event.preventDefault();
    const checked = workshopRequest(draft);
    if (!checked.ok) {
      setError(checked);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      onCreated(await requestJson<CreatedWorkshop>('/api/workshops', { method: 'POST', body: checked.request }), checked.request.title);
    } catch (err) {
      setError({ field: 'server', message: err instanceof Error ? err.message : 'Could not create the workshop.' });
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) =>
    error?.field === field ? (
      <p className="form-error" role="alert" id={`ws-error-${field}`}>
        {error.message}
      </p>
    ) : null;
  const describedBy = (field: string) => (error?.field === field ? `ws-error-${field}` : undefined);

  return (
    <form className="panel workshop-form" aria-labelledby="workshop-form-title" onSubmit={submit} noValidate>
      <h2 id="workshop-form-title">Run a workshop</h2>
      <p className="muted">
        Several groups, one instructor: a board per group, one join code for the whole room, and a console that runs every group’s timer at
        once and shows who needs help.
      </p>
      <label>
        Workshop title
        <input
          value={draft.title}
          onChange={(e) => edit({ title: e.target.value })}
          maxLength={MAX_TITLE_CHARS}
          placeholder="RSE course, day 3: mentoring"
          aria-invalid={error?.field === 'title'}
          aria-describedby={describedBy('title')}
        />
      </label>
      {errorFor('title')}

      <fieldset className="ws-fieldset">
        <legend>Groups</legend>
        <div className="segmented" role="radiogroup" aria-label="Give the groups as">
          {(
            [
              ['count', 'A number'],
              ['names', 'Their names'],
            ] as const
          ).map(([value, label]) => (
            <label key={value} className={draft.groupsBy === value ? 'on' : undefined}>
              <input type="radio" name="groups-by" value={value} checked={draft.groupsBy === value} onChange={() => edit({ groupsBy: value })} />
              {label}
            </label>
          ))}
        </div>
        {draft.groupsBy === 'count' ? (
          <label className="ws-count">
            Number of groups
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={MAX_WORKSHOP_GROUPS}
              value={draft.groupCount}
              onChange={(e) => edit({ groupCount: e.target.value })}
              aria-invalid={error?.field === 'groups'}
              aria-describedby={describedBy('groups')}
            />
            <span className="muted ws-hint">Named Group 1, Group 2, … (1 to {MAX_WORKSHOP_GROUPS})</span>
          </label>
        ) : (
          <label>
            Group names, one per line
            <textarea
              rows={5}
              value={draft.groupNames}
              onChange={(e) => edit({ groupNames: e.target.value })}
              placeholder={'Kestrels\nOtters\nFalcons'}
              aria-invalid={error?.field === 'groups'}
              aria-describedby={describedBy('groups')}
            />
            <span className="muted ws-hint">
              {names.length === 1 ? '1 group' : `${names.length} groups`} (at most {MAX_WORKSHOP_GROUPS})
            </span>
          </label>
        )}
        {errorFor('groups')}
      </fieldset>

      <label>
        Agenda
        <select value={draft.template} onChange={(e) => setDraft((d) => draftFor(e.target.value, d))}>
          {Object.keys(TEMPLATES).map((id) => (
            <option key={id} value={id}>
              {agendaLabel(id)}
            </option>
          ))}
        </select>
      </label>

      <fieldset className="ws-fieldset">
        <legend>Every group gets</legend>
        <ol className="ws-steps">
          {steps.map((step, i) => (
            <li key={step.title}>
              <label>
                <span className="ws-step-title">{step.title}</span>
                <span className="ws-minutes">
                  <input
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={MAX_STEP_MINUTES}
                    value={draft.minutes[i] ?? ''}
                    onChange={(e) => edit({ minutes: draft.minutes.map((m, j) => (j === i ? e.target.value : m)) })}
                    aria-label={`Minutes for “${step.title}”`}
                    aria-invalid={error?.field === `minutes-${i}`}
                    aria-describedby={describedBy(`minutes-${i}`)}
                  />
                  min
                </span>
              </label>
              {errorFor(`minutes-${i}`)}
            </li>
          ))}
        </ol>
        <label className="ws-dots">
          <span>Dots per person</span>
          <input
            type="number"
            inputMode="numeric"
            min={0}
            max={50}
            value={draft.votesPerPerson}
            onChange={(e) => edit({ votesPerPerson: e.target.value })}
            aria-invalid={error?.field === 'votes'}
            aria-describedby={describedBy('votes')}
          />
        </label>
        {errorFor('votes')}
      </fieldset>

      <fieldset className="ws-fieldset">
        <legend>How people join</legend>
        {ASSIGNMENT_CHOICES.map((choice) => (
          <label key={choice.value} className="ws-choice">
            <input type="radio" name="assignment" value={choice.value} checked={draft.assignment === choice.value} onChange={() => edit({ assignment: choice.value })} />
            <span>
              {choice.label}
              <span className="muted ws-hint">{choice.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>

      {errorFor('server')}
      <button className="primary" type="submit" disabled={busy}>
        {busy ? 'Creating the groups…' : 'Create workshop'}
      </button>
    </form>
  );
}
