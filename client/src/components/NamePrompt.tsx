import { useState } from 'react';
import { MAX_NAME_CHARS } from '@sessionboard/shared';

/** Asked once per browser: the name others see on cards and in the online list. */
export function NamePrompt({ onDone }: { onDone: (name: string) => void }) {
  const [name, setName] = useState('');
  return (
    <main className="page narrow">
      <form
        className="panel"
        aria-labelledby="name-title"
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) onDone(name.trim());
        }}
      >
        <h1 id="name-title">What should the group call you?</h1>
        <label>
          Your name
          <input value={name} onChange={(e) => setName(e.target.value)} maxLength={MAX_NAME_CHARS} autoFocus required placeholder="e.g. Sam" />
        </label>
        <p className="muted">Shown on your cards and in the list of who is online. Remembered on this device.</p>
        <button className="primary" type="submit" disabled={!name.trim()}>
          Join the board
        </button>
      </form>
    </main>
  );
}
