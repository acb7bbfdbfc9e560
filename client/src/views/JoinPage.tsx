import { useEffect, useRef, useState } from 'react';
import { boardPath, normaliseJoinCode } from '@sessionboard/shared';
import { navigate } from '../App.tsx';

/** Type the short code from the projector, land on the board as a member. */
export function JoinPage({ initialCode }: { initialCode: string }) {
  const [code, setCode] = useState(initialCode);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const tried = useRef(false);

  async function join(input: string) {
    const normal = normaliseJoinCode(input);
    if (!normal) {
      setError('A join code has six letters and digits, like ABC-DEF.');
      return;
    }
    setBusy(true);
    setError('');
    try {
      const res = await fetch(`/api/join/${normal}`);
      const body = (await res.json()) as { board?: string; key?: string; error?: { message: string } };
      if (!res.ok || !body.board || !body.key) throw new Error(body.error?.message ?? 'That code did not work.');
      navigate(boardPath(body.board, body.key));
    } catch (err) {
      setError(err instanceof Error ? err.message : 'That code did not work.');
    } finally {
      setBusy(false);
    }
  }

  useEffect(() => {
    // A code in the address (from the projector's QR code) joins at once.
    if (initialCode && !tried.current) {
      tried.current = true;
      void join(initialCode);
    }
  }, [initialCode]);

  return (
    <main className="page narrow">
      <form
        className="panel join-form"
        onSubmit={(e) => {
          e.preventDefault();
          void join(code);
        }}
      >
        <h1>Join a board</h1>
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
            autoFocus
          />
        </label>
        <p className="muted">Six letters and digits, shown on the projector. Small letters, spaces and dashes are fine.</p>
        {error && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
        <button className="primary" type="submit" disabled={busy}>
          {busy ? 'Joining…' : 'Join'}
        </button>
      </form>
    </main>
  );
}
