import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { WorkshopPerson } from '@sessionboard/shared/light';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { runWorkshopCommand } from '../../store/workshopActions.ts';

/** Who joined, by group, each with "Move to…": only the instructor moves people. */
export function PeoplePanel() {
  const people = useWorkshopStore(useShallow((s) => s.people));
  const known = useWorkshopStore((s) => s.peopleKnown);
  const groupNames = useWorkshopStore(useShallow((s) => (s.state?.groups ?? []).map((g) => g.name)));
  if (!known) return <p className="muted small">Waiting for the list of people…</p>;
  if (people.length === 0) return <p className="muted small">Nobody has joined yet. Hand out the join code.</p>;
  const byGroup = new Map<string, WorkshopPerson[]>(groupNames.map((n) => [n, []]));
  for (const p of people) {
    const list = byGroup.get(p.group);
    if (list) list.push(p);
    else byGroup.set(p.group, [p]);
  }
  return (
    <div className="ws-people" data-testid="people">
      <p className="muted small">{people.length} joined</p>
      {[...byGroup].map(([group, list]) => (
        <section key={group} className="ws-people-group" aria-label={group}>
          <h3>
            {group} <span className="count">{list.length}</span>
          </h3>
          {list.length > 0 && (
            <ul>
              {list
                .sort((a, b) => a.joinedAt - b.joinedAt)
                .map((p) => (
                  <PersonRow key={p.participant} person={p} groups={groupNames} />
                ))}
            </ul>
          )}
        </section>
      ))}
    </div>
  );
}

function PersonRow({ person, groups }: { person: WorkshopPerson; groups: readonly string[] }) {
  const [target, setTarget] = useState('');
  const live = useWorkshopStore((s) => s.status === 'synced');
  const name = person.name || 'Someone';
  return (
    <li className="ws-person" data-testid="person" data-group={person.group}>
      <span className="ws-person-name">{name}</span>
      {/* A select and a button, not a select that moves on change: arrow keys on a closed select change it. */}
      <form
        className="ws-move"
        onSubmit={async (e) => {
          e.preventDefault();
          if (!target) return;
          if (
            await runWorkshopCommand(
              {
                type: 'participant.move',
                participant: person.participant,
                group: target,
              },
              `Move ${name} to ${target}`,
            )
          )
            setTarget('');
        }}
      >
        <select className="small" value={target} onChange={(e) => setTarget(e.target.value)} aria-label={`Move ${name} to…`}>
          <option value="">Move to…</option>
          {groups
            .filter((g) => g !== person.group)
            .map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
        </select>
        <button type="submit" className="small" disabled={!target || !live}>
          Move
        </button>
      </form>
    </li>
  );
}
