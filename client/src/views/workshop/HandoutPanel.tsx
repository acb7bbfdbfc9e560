import type { Assignment } from '@sessionboard/shared/light';
import { formatJoinCode, workshopJoinPath } from '@sessionboard/shared/light';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { runWorkshopCommand } from '../../store/workshopActions.ts';
import { QrCode } from '../../components/QrCode.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';

const ASSIGNMENT_WORDS: Record<Assignment, string> = {
  balanced: 'Send each newcomer to the emptiest group',
  choose: 'Let people choose their group',
};

/** What the instructor hands out: the room's code and QR, the mentors' and the projector's links; and how newcomers are placed. */
export function HandoutPanel() {
  const joinCode = useWorkshopStore((s) => s.state?.joinCode ?? s.info?.joinCode ?? '');
  const links = useWorkshopStore((s) => s.info?.links);
  const assignment = useWorkshopStore((s) => s.state?.assignment ?? s.info?.assignment ?? 'balanced');
  const live = useWorkshopStore((s) => s.status === 'synced');
  const pending = useWorkshopStore((s) => s.pending === 'assignment.set');
  const joinUrl = links?.join ?? `${location.origin}${workshopJoinPath(joinCode)}`;
  return (
    <div className="ws-handout">
      <div className="ws-handout-code">
        <QrCode text={joinUrl} label={`QR code to join: ${joinUrl}`} />
        <div>
          <p className="muted small">People join at {location.host}/join with</p>
          <p className="join-code-big">{formatJoinCode(joinCode)}</p>
          <CopyButton text={joinUrl} label="Copy the join link">
            Copy join link
          </CopyButton>
        </div>
      </div>
      <fieldset className="ws-assignment">
        <legend>Newcomers</legend>
        {(Object.keys(ASSIGNMENT_WORDS) as Assignment[]).map((a) => (
          <label key={a} className="check">
            <input
              type="radio"
              name="assignment"
              checked={assignment === a}
              disabled={!live || pending}
              onChange={() => void runWorkshopCommand({ type: 'assignment.set', assignment: a }, ASSIGNMENT_WORDS[a])}
            />
            {ASSIGNMENT_WORDS[a]}
          </label>
        ))}
      </fieldset>
      <ul className="ws-links">
        {(['mentor', 'projector'] as const).map((role) => {
          const link = links?.[role];
          if (!link) return null;
          return (
            <li key={role}>
              <span>{role === 'mentor' ? 'Mentors’ view' : 'Room projector'}</span>
              <a className="button small" href={link} target="_blank" rel="noopener" data-testid={`${role}-link`}>
                Open ↗
              </a>
              <CopyButton text={link} label={`Copy the ${role} link`} />
            </li>
          );
        })}
      </ul>
      <p className="muted small">Links hold secret keys: give the mentor link only to mentors.</p>
    </div>
  );
}
