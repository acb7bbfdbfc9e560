// Entry point of a floor or Hocuspocus process: `node --import tsx relayMain.ts ws|sio|hocuspocus`; prints {"port":N}.
import { startHocuspocus } from '../hocuspocusServer.ts';
import { faultsFromEnv } from '../relayOptions.ts';
import { startSioRelay } from '../sioRelay.ts';
import { startWsRelay } from '../wsRelay.ts';

const kind = process.argv[2];
const port = Number(process.env.PORT ?? 0);
const server =
  kind === 'ws'
    ? await startWsRelay(port, faultsFromEnv())
    : kind === 'sio'
      ? await startSioRelay(port, faultsFromEnv())
      : kind === 'hocuspocus'
        ? await startHocuspocus(port)
        : null;
if (!server) throw new Error(`unknown server kind ${kind}`);
console.log(JSON.stringify({ listening: true, port: server.port }));
process.on('SIGTERM', () => void server.close().then(() => process.exit(0)));
