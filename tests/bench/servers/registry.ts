import type { CoreLayout } from '../cores.ts';
import { serverCore } from '../cores.ts';
import type { LaunchOptions } from './launch.ts';
import { startOurs, startOursTwoProcesses } from './ours.ts';
import { startHocuspocusProcess, startRelay, startYWebsocketRef } from './others.ts';
import type { BenchServer, ServerName } from './types.ts';

/** Starts the named server in its own process (two for the two-process servers), pinned to the cores of `cores`. */
export function startBenchServer(name: ServerName, given: LaunchOptions, cores: CoreLayout): Promise<BenchServer> {
  // One-process servers on the first server core; the two-process launcher places each of its own.
  const options = { core: serverCore(cores, 0), ...given };
  switch (name) {
    case 'ours-yjs':
      return startOurs('yjs', options);
    case 'ours-socketio':
      return startOurs('socketio', options);
    case 'ours-yjs-pg':
      return startOursTwoProcesses('yjs', options, 1, cores);
    case 'ours-socketio-pg':
      return startOursTwoProcesses('socketio', options, 1, cores);
    case 'ours-yjs-2proc':
      return startOursTwoProcesses('yjs', options, 2, cores);
    case 'ours-socketio-2proc':
      return startOursTwoProcesses('socketio', options, 2, cores);
    case 'y-websocket-ref':
      return startYWebsocketRef(options);
    case 'hocuspocus':
      return startHocuspocusProcess(options);
    case 'ws-relay':
      return startRelay('ws', options);
    case 'socketio-relay':
      return startRelay('sio', options);
  }
}
