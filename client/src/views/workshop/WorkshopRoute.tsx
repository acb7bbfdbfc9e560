import { useEffect } from 'react';
import type { WorkshopRole } from '@sessionboard/shared/light';
import { WORKSHOP_ROLES } from '@sessionboard/shared/light';
import { connectWorkshop } from '../../sync/connectWorkshop.ts';
import { useWorkshopStore } from '../../store/workshopStore.ts';
import { keyFromHash } from '../../hooks/identity.ts';
import { ConsoleView } from './ConsoleView.tsx';
import { MentorView } from './MentorView.tsx';
import { WorkshopProjector } from './WorkshopProjector.tsx';
import './workshop.css';

const REFUSALS: Record<string, { title: string; text: string }> = {
  workshop_not_found: {
    title: 'This workshop does not exist',
    text: 'Check the link, or ask the instructor for a new one.',
  },
  forbidden: {
    title: 'This link does not open the workshop',
    text: 'The key in the link is wrong or incomplete. Copy the whole link again.',
  },
  rate_limited: {
    title: 'Too many attempts just now',
    text: 'The server is slowing down requests from this network. Reload in a minute.',
  },
  offline: {
    title: 'Cannot reach the server',
    text: 'Check the network and reload the page.',
  },
};

/** Which view the fragment asks for (`view=`), used until the server says which role the key holds. */
function viewHint(hash: string): WorkshopRole | null {
  const view = new URLSearchParams(hash.replace(/^#/, '')).get('view');
  return (WORKSHOP_ROLES as readonly string[]).includes(view ?? '') ? (view as WorkshopRole) : null;
}

/** `/w/WORKSHOP#key=KEY&view=…`: the instructor's console, the mentors' view or the workshop projector. */
export function WorkshopRoute({ workshopId, hash }: { workshopId: string; hash: string }) {
  const key = keyFromHash(hash);
  const infoError = useWorkshopStore((s) => s.infoError);
  const errorCode = useWorkshopStore((s) => (s.status === 'error' ? s.errorCode : null));
  // The key decides the role, whatever the fragment says: the server's answer wins.
  const role = useWorkshopStore((s) => s.info?.role) ?? viewHint(hash);

  useEffect(() => {
    if (!key) return;
    return connectWorkshop(workshopId, key);
  }, [workshopId, key]);

  if (!key) return <Refusal title="This link is incomplete" text="A workshop link ends in #key=… — copy the whole link again." />;
  const refusal = errorCode ?? infoError;
  if (refusal) {
    const r = REFUSALS[refusal] ?? {
      title: 'Cannot open the workshop',
      text: `The server said: ${refusal}.`,
    };
    return <Refusal title={r.title} text={r.text} />;
  }
  if (role === 'projector') return <WorkshopProjector />;
  if (role === 'mentor') return <MentorView />;
  if (role === 'instructor') return <ConsoleView />;
  return (
    <main className="page narrow">
      <p className="loading" role="status">
        Opening the workshop…
      </p>
    </main>
  );
}

function Refusal({ title, text }: { title: string; text: string }) {
  return (
    <main className="page narrow">
      <section className="panel" role="alert" data-testid="refusal">
        <h1>{title}</h1>
        <p>{text}</p>
        <p>
          <a href="/join">Join with a code</a> · <a href="/">Start page</a>
        </p>
      </section>
    </main>
  );
}
