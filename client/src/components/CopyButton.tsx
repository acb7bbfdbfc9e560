import { useState } from 'react';

/** Copies `text` to the clipboard and says so. */
export function CopyButton({ text, label, children }: { text: string | (() => string); label: string; children?: React.ReactNode }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    const value = typeof text === 'function' ? text() : text;
    try {
      await navigator.clipboard.writeText(value);
    } catch {
      // Clipboard access can be refused (http, permissions); fall back to a selection copy.
      const area = document.createElement('textarea');
      area.value = value;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button type="button" className="secondary small-copy" onClick={copy} aria-label={label}>
      {copied ? 'Copied ✓' : (children ?? 'Copy')}
    </button>
  );
}
