import { useEffect, useRef, useState } from 'react';
import type { WorkshopJoinInfo } from '@sessionboard/shared/light';
import { boardPath, formatJoinCode, normaliseJoinCode } from '@sessionboard/shared/light';
import { navigate } from '../App.tsx';
import { requestJson } from '../api/requestJson.ts';
import { useCountdown } from '../hooks/useCountdown.ts';
import { joinErrorMessage, retryAfter } from './join/joinErrors.ts';
import { WorkshopJoinForm } from './join/WorkshopJoinForm.tsx';

/** `GET /api/join/CODE`: a board's member link, or a workshop to join by name. */
type JoinAnswer = { board: string; key: string } | WorkshopJoinInfo;

/** Type the short code from the projector: land on the board as a member, or join a workshop's group. */
export function JoinPage({ initialCode }: { initialCode: string }) {
  const [code, setCode] = useState(initialCode);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [workshop, setWorkshop] = useState<{ info: WorkshopJoinInfo; code: string } | null>(null);
  const wait = useCountdown();
  const tried = useRef(false);

  async function lookUp(input: string) {
    const normal = normaliseJoinCode(input);
    if (!normal) {
      setError('A join code has six letters and digits, like ABC-DEF.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const answer = await requestJson<JoinAnswer>(`/api/join/${normal}`);
      if ('workshop' in answer) setWorkshop({ info: answer, code: normal });
      else navigate(boardPath(answer.board, answer.key));
    } catch (err) {
      setError(joinErrorMessage(err, formatJoinCode(normal)));
      const seconds = retryAfter(err);
      if (seconds > 0) wait.start(seconds);
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    // A code in the address (from the projector's QR code) is looked up at once.
    if (initialCode && !tried.current) {
      tried.current = true;
      void lookUp(initialCode);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per page, for the code it opened with
  }, [initialCode]);

  if (workshop) {
    return (
      <WorkshopJoinForm
        info={workshop.info}
        code={workshop.code}
        onOtherCode={() => {
          setWorkshop(null);
          setCode('');
          history.replaceState(null, '', '/join');
        }}
      />
    );
  }

  return (
    <main className="page narrow">
      <form
        className="panel join-form"
        onSubmit={(e) => {
          e.preventDefault();
          void lookUp(code);
        }}
      >
        <h1>Join with a code</h1>
        <label>
          Join code
          <input
            className="code-input"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            placeholder="ABC-DEF"
            autoCapitalize="characters"
            autoComplete="off"
            spellCheck={false}
            maxLength={9}
            enterKeyHint="go"
            autoFocus
          />
        </label>
        <p className="muted">Six letters and digits, shown on the projector. Small letters, spaces and dashes are fine.</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
            {wait.left > 0 && <span data-testid="retry-after"> Try again in {wait.left} s.</span>}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy || wait.left > 0}>
          {busy ? 'Looking up the code…' : wait.left > 0 ? `Wait ${wait.left} s` : 'Join'}
        </button>
      </form>
    </main>
  );
}
