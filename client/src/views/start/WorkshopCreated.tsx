import type { CreatedWorkshop } from '@sessionboard/shared/light';
import { formatJoinCode } from '@sessionboard/shared/light';
import { CopyButton } from '../../components/CopyButton.tsx';
import { LinkRow } from '../../components/LinkRow.tsx';
import { QrCode } from '../../components/QrCode.tsx';

/** A link handed out by the server, as a path on this site (it may name PUBLIC_URL's host). */
function pathOf(link: string): string {
  return link.replace(/^https?:\/\/[^/]+/, '');
}

const OTHER_LINKS = [
  { role: 'mentor', label: 'Mentor link', hint: 'For the mentors: every group’s priorities, and who asked for help.' },
  { role: 'projector', label: 'Projector link', hint: 'The room screen: the join code, every group’s step and timer, your notices.' },
] as const;

/** The workshop's links and its join code, right after creation. */
export function WorkshopCreated({ workshop, title }: { workshop: CreatedWorkshop; title: string }) {
  const join = workshop.links.join;
  return (
    <section className="panel created workshop-created" aria-labelledby="workshop-created-title" data-testid="workshop-created">
      <h2 id="workshop-created-title">“{title}” is ready: {workshop.groups.length === 1 ? '1 group' : `${workshop.groups.length} groups`}</h2>

      <div className="ws-console-link">
        <div>
          <strong>Your console</strong>
          <p className="muted">Run every group’s steps and timer at once, send notices, see who needs a mentor. Keep this link to yourself.</p>
          <input readOnly value={workshop.links.instructor} aria-label="Instructor console link" onFocus={(e) => e.currentTarget.select()} />
        </div>
        <div className="ws-console-actions">
          <a className="button primary big-button" href={pathOf(workshop.links.instructor)}>
            Open the console
          </a>
          <CopyButton text={workshop.links.instructor} label="Copy instructor console link" />
        </div>
      </div>

      <div className="ws-join">
        <QrCode text={join} label={`QR code to join: ${join}`} />
        <div className="ws-join-text">
          <span className="muted">Everyone joins with</span>
          <strong className="join-code-big" data-testid="workshop-join-code">
            {formatJoinCode(workshop.joinCode)}
          </strong>
          <span className="muted">
            at <code>{location.host}/join</code>, or by scanning the code.
          </span>
          <CopyButton text={join} label="Copy join link">
            Copy join link
          </CopyButton>
        </div>
      </div>

      <ul className="role-links">
        {OTHER_LINKS.map(({ role, label, hint }) => (
          <LinkRow key={role} label={label} hint={hint} link={workshop.links[role]} />
        ))}
      </ul>

      <details className="ws-groups">
        <summary>Each group’s own links ({workshop.groups.length})</summary>
        <p className="muted">Only needed to open one board by hand; the console opens them all.</p>
        <ul>
          {workshop.groups.map((g) => (
            <li key={g.board}>
              <strong>{g.name}</strong>
              <span className="join-code-inline">{formatJoinCode(g.joinCode)}</span>
              <CopyButton text={g.links.facilitator} label={`Copy ${g.name} facilitator link`}>
                Facilitator link
              </CopyButton>
              <CopyButton text={g.links.member} label={`Copy ${g.name} member link`}>
                Member link
              </CopyButton>
            </li>
          ))}
        </ul>
      </details>
      <p className="muted">Keep these links: they are the only way into the workshop. Nothing is listed anywhere.</p>
    </section>
  );
}
