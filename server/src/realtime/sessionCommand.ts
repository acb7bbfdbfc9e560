import type { CommandAck } from '@sessionboard/shared';
import { ERROR_CODES, commandSchema } from '@sessionboard/shared';
import { readCommand } from './commandPayload.ts';
import type { Logger } from '../logger.ts';
import type { Metrics } from '../metrics.ts';
import type { SocketConnection } from './SocketConnection.ts';
import type { Room } from '../rooms/Room.ts';
import type { IoSocket } from './types.ts';

/** `session:command`: parse, let the room decide, acknowledge. Never throws. */
export function onSessionCommand(socket: IoSocket, conn: SocketConnection, room: Room, logger: Logger, metrics: Metrics): void {
  socket.on('session:command', (payload: unknown, ack: unknown) => {
    const answer = typeof ack === 'function' ? (ack as (a: CommandAck) => void) : null;
    const reply = (a: CommandAck, type: string) => {
      metrics.commands.inc({ type, result: a.ok ? 'ok' : a.error.code });
      if (answer) answer(a);
      else if (!a.ok) conn.sendError(a.error);
    };
    const parsed = readCommand(commandSchema, payload, 'command');
    if ('error' in parsed) {
      reply({ ok: false, error: parsed.error }, 'unknown');
      return;
    }
    room.command(conn, parsed.data).then(
      (a) => reply(a, parsed.data.type),
      (err: unknown) => {
        logger.error({ err }, 'command failed');
        reply({ ok: false, error: { code: ERROR_CODES.internal, message: 'The server could not apply that command.' } }, parsed.data.type);
      },
    );
  });
}
