import type { CommandAck } from '@sessionboard/shared';
import { ERROR_CODES, MAX_COMMAND_BYTES, commandSchema } from '@sessionboard/shared';
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
    let size: number;
    try {
      size = JSON.stringify(payload ?? null).length;
    } catch {
      size = Infinity;
    }
    if (size > MAX_COMMAND_BYTES) {
      reply({ ok: false, error: { code: ERROR_CODES.tooLarge, message: `Commands are limited to ${MAX_COMMAND_BYTES} bytes.` } }, 'unknown');
      return;
    }
    const parsed = commandSchema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? ` (${issue.path.join('.')})` : '';
      reply({ ok: false, error: { code: ERROR_CODES.invalid, message: `Not a valid command${where}: ${issue?.message ?? 'bad shape'}.` } }, 'unknown');
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
