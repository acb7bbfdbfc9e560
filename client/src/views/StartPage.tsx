import { useState } from 'react';
import type { CreatedBoard, CreatedWorkshop, Role } from '@sessionboard/shared/light';
import { ROLE_LABELS, formatJoinCode } from '@sessionboard/shared/light';
import { LinkRow } from '../components/LinkRow.tsx';
import { WorkshopForm } from './start/WorkshopForm.tsx';
import { WorkshopCreated } from './start/WorkshopCreated.tsx';

const ROLE_HINTS: Record<Role, string> = {
  facilitator: 'Runs the steps and the timer, reveals votes, locks the board. Keep it to yourself.',
  mentor: 'For the mentor who joins the mentoring step: notes, goals, the timer.',
  member: 'For everyone in the group. The join code on the projector leads here too.',
  projector: 'Read-only room view: step, timer, join code and live results. Open it on the projector.',
};

/** Create a board (or a workshop of many), then hand out its links. */
export function StartPage() {
  const [title, setTitle] = useState('');
  const [team, setTeam] = useState('');
  const [template, setTemplate] = useState('mentoring-session');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [created, setCreated] = useState<CreatedBoard | null>(null);
  const [workshop, setWorkshop] = useState<{ created: CreatedWorkshop; title: string } | null>(null);

  /** Posts a new board (a title, or a JSON export to import) and shows its links, or says what went wrong. */
  async function postBoard(body: () => Promise<unknown>) {
    setBusy(true);
    setError('');
    try {
      const res = await fetch('/api/boards', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(await body()) });
      const answer = (await res.json()) as CreatedBoard & { error?: { message: string } };
      if (!res.ok) throw new Error(answer.error?.message ?? `The server answered ${res.status}.`);
      setCreated(answer);
    } catch (err) {
      setError(err instanceof Error ? err.message : 'Could not create the board.');
    } finally {
      setBusy(false);
    }
  }

  function create(event: React.FormEvent) {
    event.preventDefault();
    void postBoard(async () => ({ title, team: team || undefined, template }));
  }

  function importFile(file: File) {
    void postBoard(async () => {
      try {
        return JSON.parse(await file.text()) as unknown;
      } catch {
        throw new Error('That file is not JSON. Export a board as JSON first.');
      }
    });
  }

  return (
    <main className={`page start${!created && !workshop ? ' two-up' : ''}`}>
      <header className="start-hero">
        <div className="brand" aria-hidden="true">▦</div>
        <h1>Sessionboard</h1>
        <p className="lede">
          Run a team mentoring session live: strengths and weaknesses, dot-votes, questions for the mentor,
          clear goals and a sprint backlog — every step timeboxed by one shared timer.
        </p>
      </header>

      {workshop ? (
        <WorkshopCreated workshop={workshop.created} title={workshop.title} />
      ) : !created ? (
        <div className="start-forms">
          <form className="panel create-form" onSubmit={create}>
            <h2>Create a board</h2>
            <p className="muted">For one group: a shared board, and a link for each role.</p>
            <label>
              Board title
              <input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={120} placeholder="Sprint 2 mentoring session" autoFocus />
            </label>
            <label>
              <span>
                Team <span className="optional">(optional)</span>
              </span>
              <input value={team} onChange={(e) => setTeam(e.target.value)} maxLength={120} placeholder="Team Kestrel" />
            </label>
            <label>
              Agenda
              <select value={template} onChange={(e) => setTemplate(e.target.value)}>
                <option value="mentoring-session">Mentoring session (5 steps, 53 minutes)</option>
                <option value="retrospective">Retrospective (2 steps)</option>
              </select>
            </label>
            {error && <p className="form-error" role="alert">{error}</p>}
            <button className="primary" type="submit" disabled={busy || title.trim().length === 0}>
              {busy ? 'Creating…' : 'Create board'}
            </button>
            <p className="muted">
              Joining a board? <a href="/join">Enter the code from the projector</a>.
            </p>
            <label className="import">
              Or start from last session: import a JSON export
              <input
                type="file"
                accept="application/json,.json"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (file) importFile(file);
                }}
              />
            </label>
          </form>
          <WorkshopForm onCreated={(w, t) => setWorkshop({ created: w, title: t })} />
        </div>
      ) : (
        <section className="panel created" aria-labelledby="created-title">
          <div className="created-head">
            <h2 id="created-title">Your board is ready</h2>
            {/* First, above the fold even at 1366×768: the one thing the person who made it does next. */}
            <a className="button primary" href={created.links.facilitator.replace(/^https?:\/\/[^/]+/, '')}>
              Open as facilitator
            </a>
          </div>
          <div className="join-code-box">
            <span className="muted">Join code</span>
            <strong className="join-code-big" data-testid="join-code">
              {formatJoinCode(created.joinCode)}
            </strong>
            <span className="muted">
              People type it at <code>{location.host}/join</code>, or open a link below.
            </span>
          </div>
          <ul className="role-links">
            {(['facilitator', 'mentor', 'member', 'projector'] as const).map((role) => (
              <LinkRow key={role} label={`${ROLE_LABELS[role]} link`} hint={ROLE_HINTS[role]} link={created.links[role]} />
            ))}
          </ul>
          <p className="muted">Keep these links: they are the only way into the board. Nothing is listed anywhere.</p>
        </section>
      )}
    </main>
  );
}
