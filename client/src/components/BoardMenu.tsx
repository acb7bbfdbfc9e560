import { useEffect, useRef, useState } from 'react';
import { ROLE_LABELS, formatJoinCode } from '@sessionboard/shared';
import type { Role } from '@sessionboard/shared';
import { useBoardStore } from '../store/boardStore.ts';
import { keyFromHash } from '../hooks/identity.ts';
import { CopyButton } from './CopyButton.tsx';

interface Info {
  joinCode: string;
  links: Partial<Record<Role, string>>;
}

/** Share links and downloads, for every role. */
export function BoardMenu() {
  const [open, setOpen] = useState(false);
  const [info, setInfo] = useState<Info | null>(null);
  const [failed, setFailed] = useState(false);
  const boardId = useBoardStore((s) => s.boardId);
  const key = keyFromHash(location.hash);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    // Escape or a click elsewhere closes the panel, as menus do.
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        setOpen(false);
        root.current?.querySelector('button')?.focus();
      }
    };
    const onPointer = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  useEffect(() => {
    if (!open || info || !boardId) return;
    fetch(`/api/boards/${boardId}/info?key=${encodeURIComponent(key)}`)
      .then((r) => (r.ok ? (r.json() as Promise<Info>) : Promise.reject(new Error(String(r.status)))))
      .then(setInfo)
      .catch(() => setFailed(true));
  }, [open, info, boardId, key]);

  const exportUrl = (format: string) => `/api/boards/${boardId}/export?format=${format}&key=${encodeURIComponent(key)}`;
  return (
    <div className="menu" ref={root}>
      <button type="button" aria-expanded={open} aria-controls="board-menu" onClick={() => {
          setFailed(false);
          setOpen(!open);
        }}>
        Share<span className="menu-label-long"> &amp; export</span>
      </button>
      {open && (
        <div className="menu-panel" id="board-menu" role="region" aria-label="Share and export">
          <h3>Invite</h3>
          {info ? (
            <>
              <p>
                Join code <strong className="join-code-inline">{formatJoinCode(info.joinCode)}</strong> at <code>{location.host}/join</code>
              </p>
              {(Object.entries(info.links) as [Role, string][]).map(([role, link]) => (
                <div key={role} className="menu-link">
                  <span>{ROLE_LABELS[role]}</span>
                  <CopyButton text={link} label={`Copy ${ROLE_LABELS[role].toLowerCase()} link`} />
                </div>
              ))}
            </>
          ) : (
            <p className="muted">{failed ? 'Could not load the links (are you offline?). Close and open this menu to try again.' : 'Loading links…'}</p>
          )}
          <h3>Take the results home</h3>
          <div className="menu-actions">
            <a className="button" href={exportUrl('md')} download>
              Markdown report
            </a>
            <a className="button" href={exportUrl('csv')} download>
              CSV
            </a>
            <a className="button" href={exportUrl('json')} download>
              JSON
            </a>
            <button type="button" onClick={() => window.print()}>
              Print summary
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
