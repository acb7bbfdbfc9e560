import { CopyButton } from './CopyButton.tsx';

/** One secret link to hand out: what it is, who it is for, the link to select, and Copy. */
export function LinkRow({ label, hint, link }: { label: string; hint: string; link: string }) {
  return (
    <li>
      <div>
        <strong>{label}</strong>
        <p className="muted">{hint}</p>
        <input readOnly value={link} aria-label={label} onFocus={(e) => e.currentTarget.select()} />
      </div>
      <CopyButton text={link} label={`Copy ${label.toLowerCase()}`} />
    </li>
  );
}
