import { useId, useRef, useState } from 'react';

/** A small tab set (arrow keys move between tabs, as the ARIA tabs pattern expects). */
export function SideTabs({
  tabs,
}: {
  tabs: readonly {
    id: string;
    label: string;
    badge?: number;
    content: React.ReactNode;
  }[];
}) {
  const [current, setCurrent] = useState(tabs[0]?.id ?? '');
  const base = useId();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const index = Math.max(
    0,
    tabs.findIndex((t) => t.id === current),
  );
  const select = (i: number) => {
    const t = tabs[(i + tabs.length) % tabs.length];
    if (!t) return;
    setCurrent(t.id);
    refs.current[(i + tabs.length) % tabs.length]?.focus();
  };
  const active = tabs[index];
  return (
    <div className="ws-tabs">
      <div
        role="tablist"
        className="ws-tablist"
        onKeyDown={(e) => {
          if (e.key === 'ArrowRight') select(index + 1);
          else if (e.key === 'ArrowLeft') select(index - 1);
        }}
      >
        {tabs.map((t, i) => (
          <button
            key={t.id}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${base}-${t.id}-tab`}
            aria-selected={i === index}
            aria-controls={`${base}-${t.id}`}
            tabIndex={i === index ? 0 : -1}
            onClick={() => setCurrent(t.id)}
          >
            {t.label}
            {t.badge !== undefined && <span className="count">{t.badge}</span>}
          </button>
        ))}
      </div>
      {active && (
        <div role="tabpanel" id={`${base}-${active.id}`} aria-labelledby={`${base}-${active.id}-tab`} className="ws-tabpanel" tabIndex={0}>
          {active.content}
        </div>
      )}
    </div>
  );
}
