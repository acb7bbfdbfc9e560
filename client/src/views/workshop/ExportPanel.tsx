import { useWorkshopStore } from '../../store/workshopStore.ts';

const FORMATS = [
  { format: 'md', label: 'Markdown', hint: 'a report of every group' },
  { format: 'csv', label: 'CSV', hint: 'every card, one row each' },
  { format: 'json', label: 'JSON', hint: 'everything, for scripts' },
] as const;

/** Downloads of the whole workshop (every group's board), through the export route with the instructor's key. */
export function ExportPanel() {
  const id = useWorkshopStore((s) => s.workshopId);
  const key = useWorkshopStore((s) => s.key);
  if (!id) return null;
  return (
    <ul className="ws-export">
      {FORMATS.map(({ format, label, hint }) => (
        <li key={format}>
          <a
            className="button small"
            href={`/api/workshops/${encodeURIComponent(id)}/export?format=${format}&key=${encodeURIComponent(key)}`}
            download
            data-testid={`export-${format}`}
          >
            ⤓ {label}
          </a>
          <span className="muted small">{hint}</span>
        </li>
      ))}
    </ul>
  );
}
