import type { WorkshopCommand } from '@sessionboard/shared/light';
import { sendWorkshopCommand } from '../sync/connectWorkshop.ts';
import { useWorkshopStore } from './workshopStore.ts';

let outcomeId = 0;

/**
 * Sends `command` to the workshop and records what came back as the store's `outcome`, so the console
 * can name every group that refused. Resolves to whether the server accepted it.
 */
export async function runWorkshopCommand(command: WorkshopCommand, label: string): Promise<boolean> {
  useWorkshopStore.setState({ pending: command.type });
  const ack = await sendWorkshopCommand(command);
  const id = ++outcomeId;
  if (ack.ok) {
    const prev = useWorkshopStore.getState().state;
    useWorkshopStore.setState({
      pending: null,
      // The ack carries the new state: show it now rather than wait for the next broadcast.
      ...(!prev || ack.state.version >= prev.version ? { state: ack.state } : {}),
      outcome: {
        id,
        type: command.type,
        label,
        error: null,
        results: ack.results ?? [],
      },
    });
    return true;
  }
  useWorkshopStore.setState({
    pending: null,
    outcome: { id, type: command.type, label, error: ack.error, results: [] },
  });
  return false;
}

/** Hides the last command's outcome (its close button). */
export function dismissOutcome(): void {
  useWorkshopStore.setState({ outcome: null });
}
