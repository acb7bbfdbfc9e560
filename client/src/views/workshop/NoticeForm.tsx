import { useState } from 'react';
import { MAX_NOTICE_CHARS } from '@sessionboard/shared/light';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { runWorkshopCommand } from '../../store/workshopActions.ts';

/** Posts a line to every board and projector, or clears it; the counter keeps it within 280 characters. */
export function NoticeForm() {
  const notice = useWorkshopStore((s) => s.state?.notice ?? null);
  const live = useWorkshopStore((s) => s.status === 'synced');
  const pending = useWorkshopStore((s) => s.pending === 'notice');
  const [text, setText] = useState('');
  const left = MAX_NOTICE_CHARS - text.length;
  const trimmed = text.trim();
  return (
    <form
      className="ws-notice-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!trimmed) return;
        if (await runWorkshopCommand({ type: 'notice', message: trimmed }, 'Post the notice')) setText('');
      }}
    >
      <label className="ws-notice-label">
        <span>Notice to every board</span>
        <input
          value={text}
          maxLength={MAX_NOTICE_CHARS}
          onChange={(e) => setText(e.target.value)}
          placeholder={notice ? 'Replace the notice…' : 'e.g. Five minutes left, then we meet in the main room'}
          aria-describedby="ws-notice-count"
        />
      </label>
      <span id="ws-notice-count" className={`ws-counter ${left < 20 ? 'ws-counter-low' : ''}`} aria-live="polite">
        {left} left
      </span>
      <button type="submit" className="primary" disabled={!live || pending || !trimmed}>
        Post
      </button>
      {notice && (
        <p className="ws-current-notice" data-testid="current-notice">
          <span className="muted small">Shown now:</span> {notice.message}{' '}
          <button
            type="button"
            className="small"
            onClick={() => void runWorkshopCommand({ type: 'notice', message: null }, 'Clear the notice')}
            disabled={!live || pending}
          >
            Clear
          </button>
        </p>
      )}
    </form>
  );
}
