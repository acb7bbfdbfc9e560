import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { useWorkshopNow } from '../../hooks/useWorkshopNow.ts';
import { GroupRow } from './GroupRow.tsx';
import { GROUP_SORTS, orderGroups } from './groupOrder.ts';
import type { GroupFilter, GroupSort } from './groupOrder.ts';
import { groupBoardLink, stepTitles } from './workshopFormat.ts';

/** Every group live, one row each, with the sort and filters an instructor needs to find the one that is stuck. */
export function GroupTable() {
  const groups = useWorkshopStore(useShallow((s) => s.state?.groups ?? []));
  const info = useWorkshopStore((s) => s.info);
  const now = useWorkshopNow(500);
  const [sort, setSort] = useState<GroupSort>('name');
  const [filter, setFilter] = useState<GroupFilter>({
    hands: false,
    quiet: false,
    step: null,
  });
  const titles = stepTitles(groups);
  const shown = orderGroups(groups, sort, filter, now);
  const filtered = filter.hands || filter.quiet || filter.step !== null;

  return (
    <section className="ws-group-list" aria-labelledby="ws-group-list-title">
      <div className="ws-table-tools">
        <h2 id="ws-group-list-title">
          Groups <span className="count">{filtered ? `${shown.length} of ${groups.length}` : groups.length}</span>
        </h2>
        <label className="ws-inline-label">
          Sort
          <select className="small" value={sort} onChange={(e) => setSort(e.target.value as GroupSort)}>
            {(Object.keys(GROUP_SORTS) as GroupSort[]).map((k) => (
              <option key={k} value={k}>
                {GROUP_SORTS[k]}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={filter.hands} onChange={(e) => setFilter({ ...filter, hands: e.target.checked })} /> Hands up
        </label>
        <label className="check">
          <input type="checkbox" checked={filter.quiet} onChange={(e) => setFilter({ ...filter, quiet: e.target.checked })} /> Quiet
        </label>
        <label className="ws-inline-label">
          Step
          <select
            className="small"
            value={filter.step ?? ''}
            onChange={(e) =>
              setFilter({
                ...filter,
                step: e.target.value === '' ? null : Number(e.target.value),
              })
            }
          >
            <option value="">any</option>
            {titles.map((t, i) => (
              <option key={i} value={i}>
                {i + 1} · {t}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="ws-table-wrap">
        <table className="ws-table" data-testid="group-table">
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Hand</th>
              <th scope="col">Step</th>
              <th scope="col">Timer</th>
              <th scope="col" title="People online now">
                Online
              </th>
              <th scope="col">Cards</th>
              <th scope="col" title="Dots spent">
                Dots
              </th>
              <th scope="col" title="Complete goals out of the lesson's three (written)">
                Goals
              </th>
              <th scope="col">Backlog</th>
              <th scope="col" title="Time since the last change or vote">
                Activity
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((g) => (
              <GroupRow key={g.board} group={g} now={now} link={groupBoardLink(info, g.board)} />
            ))}
          </tbody>
        </table>
        {groups.length === 0 && <p className="empty">Waiting for the live view…</p>}
        {groups.length > 0 && shown.length === 0 && <p className="empty">No group matches these filters.</p>}
      </div>
    </section>
  );
}
