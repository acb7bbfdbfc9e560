import type { GroupPriorities, ProtocolError, WorkshopCommand, WorkshopCommandAck, WorkshopPerson, WorkshopState } from '@sessionboard/shared';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import msgpackParser from 'socket.io-msgpack-parser';
import { waitFor } from './waitFor.ts';

/** A real Socket.IO client of a workshop's live view (the console, the mentors' view or the room's screen). */
export class WorkshopPeer {
  readonly states: { at: number; state: WorkshopState }[] = [];
  readonly priorities: GroupPriorities[][] = [];
  readonly people: WorkshopPerson[][] = [];
  readonly errors: ProtocolError[] = [];
  /** Bytes of every `workshop:state` received, as msgpack put them on the wire (roughly: JSON length). */
  stateBytes = 0;

  private constructor(readonly socket: Socket) {
    socket.on('workshop:state', (state: WorkshopState) => {
      this.states.push({ at: Date.now(), state });
      this.stateBytes += JSON.stringify(state).length;
    });
    socket.on('workshop:priorities', (p: GroupPriorities[]) => this.priorities.push(p));
    socket.on('workshop:people', (p: WorkshopPerson[]) => this.people.push(p));
    socket.on('error', (e: ProtocolError) => this.errors.push(e));
  }

  /** Connects and resolves once the first `workshop:state` arrived; rejects with the connect_error message. */
  static async connect(url: string, workshop: string, key: string): Promise<WorkshopPeer> {
    const socket = io(url, { parser: msgpackParser, auth: { workshop, key }, transports: ['websocket'], reconnection: false, forceNew: true });
    const peer = new WorkshopPeer(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err: Error) => {
        socket.close();
        reject(err);
      });
    });
    await waitFor(() => peer.states.length > 0, 'first workshop:state');
    return peer;
  }

  /** The newest state. */
  get state(): WorkshopState {
    const last = this.states[this.states.length - 1];
    if (!last) throw new Error('no workshop:state yet');
    return last.state;
  }

  /** Waits for a state that satisfies `test`. */
  async until(test: (state: WorkshopState) => boolean, what: string, timeoutMs = 5000): Promise<WorkshopState> {
    await waitFor(() => this.states.some((s) => test(s.state)), what, timeoutMs);
    return [...this.states].reverse().find((s) => test(s.state))!.state;
  }

  command(command: WorkshopCommand | Record<string, unknown>): Promise<WorkshopCommandAck> {
    return this.socket.timeout(5000).emitWithAck('workshop:command', command);
  }

  close(): void {
    this.socket.close();
  }
}
