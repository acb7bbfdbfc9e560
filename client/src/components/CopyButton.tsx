import { useState } from 'react';

/** Copies `text` to the clipboard and says so. */
export function CopyButton({ text, label, children }: { text: string; label: string; children?: React.ReactNode }) {
  const [copied, setCopied] = useState(false);
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // Clipboard access can be refused (http, permissions); fall back to a selection copy.
      const area = document.createElement('textarea');
      area.value = text;
      document.body.append(area);
      area.select();
      document.execCommand('copy');
      area.remove();
    }
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  }
  return (
    <button type="button" className="secondary" onClick={copy} aria-label={label}>
      {copied ? 'Copied ✓' : (children ?? 'Copy')}
    </button>
  );
}
