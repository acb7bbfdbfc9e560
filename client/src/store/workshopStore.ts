import type { BoardResult, GroupPriorities, ProtocolError, WorkshopCommandType, WorkshopInfo, WorkshopPerson, WorkshopState } from '@sessionboard/shared/light';
import { create } from 'zustand';
import type { ConnectionStatus } from '../sync/SocketProvider.ts';

/** What the last command to every group did, kept on screen until the next one or a dismissal. */
export interface CommandOutcome {
  id: number;
  type: WorkshopCommandType;
  /** What was asked, in words ("Go to step 2"). */
  label: string;
  /** A refusal of the whole command (role, rate limit, offline). */
  error: ProtocolError | null;
  /** Per group, for `all.*` commands: refusals are named, never hidden. */
  results: BoardResult[];
}

/** Everything the workshop pages render: plain data from the HTTP info and the live view, never sockets. */
export interface WorkshopStoreState {
  workshopId: string | null;
  key: string;
  /** `GET /api/workshops/:id` (null until it answers). */
  info: WorkshopInfo | null;
  /** Why the info could not be read (an error code such as `forbidden`), or null. */
  infoError: string | null;
  status: ConnectionStatus;
  errorCode: string | null;
  state: WorkshopState | null;
  priorities: GroupPriorities[];
  people: WorkshopPerson[];
  /** Whether `workshop:people` has arrived at least once (an empty list means nobody yet). */
  peopleKnown: boolean;
  clockOffsetMs: number;
  /** The command whose answer is awaited, so its button can say so and not be pressed twice. */
  pending: WorkshopCommandType | null;
  outcome: CommandOutcome | null;
}

const INITIAL: WorkshopStoreState = {
  workshopId: null,
  key: '',
  info: null,
  infoError: null,
  status: 'connecting',
  errorCode: null,
  state: null,
  priorities: [],
  people: [],
  peopleKnown: false,
  clockOffsetMs: 0,
  pending: null,
  outcome: null,
};

/** The one store the workshop views read. */
export const useWorkshopStore = create<WorkshopStoreState>(() => ({
  ...INITIAL,
}));

/** Back to an empty store for `workshopId` (opening or leaving a workshop). */
export function resetWorkshopStore(workshopId: string | null, key = ''): void {
  useWorkshopStore.setState({ ...INITIAL, workshopId, key });
}
