import { useState } from 'react';
import type { WorkshopJoinInfo, WorkshopJoined } from '@sessionboard/shared/light';
import { MAX_NAME_CHARS, boardPath } from '@sessionboard/shared/light';
import { navigate } from '../../App.tsx';
import { requestJson } from '../../api/requestJson.ts';
import { participantSecret, savedName } from '../../hooks/identity.ts';
import { rememberWorkshopJoin, workshopMembership } from '../../hooks/workshopMembership.ts';
import { useCountdown } from '../../hooks/useCountdown.ts';
import { joinErrorMessage, retryAfter } from './joinErrors.ts';

function people(n: number): string {
  return n === 0 ? 'nobody yet' : n === 1 ? '1 person' : `${n} people`;
}

/**
 * Joining a workshop from a phone: a name and, where people choose, a group; then straight onto the
 * group's board. Someone who joined before on this device is sent back to their group (their secret
 * goes with every join), so a reload or a second scan never makes a second person.
 */
export function WorkshopJoinForm({ info, code, onOtherCode }: { info: WorkshopJoinInfo; code: string; onOtherCode: () => void }) {
  const before = workshopMembership(info.workshop);
  const [name, setName] = useState(() => before?.name ?? savedName());
  const [group, setGroup] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const wait = useCountdown();
  const choosing = info.assignment === 'choose' && before === null;

  async function join(event: React.FormEvent) {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) {
      setError('Write your name: it is how your group sees you.');
      return;
    }
    if (choosing && !group) {
      setError('Pick your group from the list.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const joined = await requestJson<WorkshopJoined>(`/api/workshops/${encodeURIComponent(info.workshop)}/join`, {
        method: 'POST',
        body: {
          code,
          name: trimmed,
          // This browser's secret even on a first join (the server would make one otherwise): a join
          // whose answer is lost on venue Wi-Fi and is tried again is then the same person, not two.
          participant: before?.participant ?? participantSecret(),
          ...(choosing ? { group } : {}),
        },
      });
      rememberWorkshopJoin(info.workshop, info.title, trimmed, joined);
      navigate(boardPath(joined.board, joined.key));
    } catch (err) {
      setError(joinErrorMessage(err, code));
      const seconds = retryAfter(err);
      if (seconds > 0) wait.start(seconds);
      setBusy(false);
    }
  }

  return (
    <main className="page narrow workshop-join">
      <form className="panel" aria-labelledby="workshop-join-title" onSubmit={join} noValidate>
        <p className="kicker">Workshop</p>
        <h1 id="workshop-join-title">Join {info.title}</h1>
        <label>
          Your name
          <input
            value={name}
            onChange={(e) => {
              setName(e.target.value);
              setError('');
            }}
            maxLength={MAX_NAME_CHARS}
            required
            autoFocus
            autoComplete="given-name"
            enterKeyHint={choosing ? 'next' : 'go'}
            placeholder="e.g. Sam"
          />
        </label>

        {choosing ? (
          <fieldset className="group-choices">
            <legend>Your group</legend>
            {info.groups.map((g) => (
              <label key={g.name} className={group === g.name ? 'group-choice on' : 'group-choice'}>
                <input
                  type="radio"
                  name="group"
                  value={g.name}
                  checked={group === g.name}
                  onChange={() => {
                    setGroup(g.name);
                    setError('');
                  }}
                />
                <span className="group-choice-name">{g.name}</span>
                <span className="group-choice-count">{people(g.members)}</span>
              </label>
            ))}
          </fieldset>
        ) : before ? (
          <p className="join-back" data-testid="join-back">
            You joined as <strong>{before.name}</strong> in <strong>{before.group}</strong> on this device: you go back to your group.
          </p>
        ) : (
          <p className="muted">
            You are placed in the group with the fewest people ({info.groups.length === 1 ? '1 group' : `${info.groups.length} groups`}).
          </p>
        )}

        {error && (
          <p className="form-error" role="alert">
            {error}
            {wait.left > 0 && <span data-testid="retry-after"> Try again in {wait.left} s.</span>}
          </p>
        )}
        <button className="primary big-button" type="submit" disabled={busy || wait.left > 0}>
          {busy ? 'Joining…' : wait.left > 0 ? `Wait ${wait.left} s` : choosing && group ? `Join ${group}` : 'Join'}
        </button>
        <p className="muted small">
          Not this workshop?{' '}
          <button type="button" className="link-button" onClick={onOtherCode}>
            Type another code
          </button>
        </p>
      </form>
    </main>
  );
}
