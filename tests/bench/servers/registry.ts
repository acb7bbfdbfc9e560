import type { LaunchOptions } from './launch.ts';
import { startOurs, startOursTwoProcesses } from './ours.ts';
import { startHocuspocusProcess, startRelay, startYWebsocketRef } from './others.ts';
import type { BenchServer, ServerName } from './types.ts';

/** Starts the named server in its own process, pinned to the server core. */
export function startBenchServer(name: ServerName, options: LaunchOptions = {}): Promise<BenchServer> {
  switch (name) {
    case 'ours-yjs':
      return startOurs('yjs', options);
    case 'ours-socketio':
      return startOurs('socketio', options);
    case 'ours-yjs-pg':
      return startOursTwoProcesses('yjs', options, 1);
    case 'ours-socketio-pg':
      return startOursTwoProcesses('socketio', options, 1);
    case 'ours-yjs-2proc':
      return startOursTwoProcesses('yjs', options);
    case 'ours-socketio-2proc':
      return startOursTwoProcesses('socketio', options);
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
