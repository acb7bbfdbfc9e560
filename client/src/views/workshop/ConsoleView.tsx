import { useWorkshopStore } from '../../store/workshopStore.ts';
import { WorkshopHeader } from './WorkshopHeader.tsx';
import { AllGroupsControls } from './AllGroupsControls.tsx';
import { NoticeForm } from './NoticeForm.tsx';
import { CommandOutcomeBar } from './CommandOutcomeBar.tsx';
import { GroupTable } from './GroupTable.tsx';
import { HandsList } from './HandsList.tsx';
import { SideTabs } from './SideTabs.tsx';
import { PeoplePanel } from './PeoplePanel.tsx';
import { RotationPanel } from './RotationPanel.tsx';
import { HandoutPanel } from './HandoutPanel.tsx';
import { ExportPanel } from './ExportPanel.tsx';

/** The instructor's console: every group live on one screen, and the actions that apply to all of them. */
export function ConsoleView() {
  const people = useWorkshopStore((s) => s.people.length);
  return (
    <div className="ws-page ws-console" data-testid="workshop-console">
      <WorkshopHeader />
      <div className="ws-bar">
        <AllGroupsControls />
        <NoticeForm />
      </div>
      <CommandOutcomeBar />
      <div className="ws-body">
        <GroupTable />
        <aside className="ws-side" aria-label="Hands, people, mentors, links and export">
          <HandsList />
          <SideTabs
            tabs={[
              { id: 'handout', label: 'Hand out', content: <HandoutPanel /> },
              {
                id: 'people',
                label: 'People',
                badge: people,
                content: <PeoplePanel />,
              },
              { id: 'mentors', label: 'Mentors', content: <RotationPanel /> },
              { id: 'export', label: 'Export', content: <ExportPanel /> },
            ]}
          />
        </aside>
      </div>
    </div>
  );
}
