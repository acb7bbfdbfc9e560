import { ERROR_CODES, MAX_FRAME_BYTES, MAX_SYNC_REPLY_BYTES, toFrame } from '@sessionboard/shared';
import { frameSizeLimit } from '@sessionboard/shared/sync';
import type { SocketConnection } from './SocketConnection.ts';
import type { Room } from '../rooms/Room.ts';
import type { IoSocket } from './types.ts';

/** `yjs`: one binary y-websocket frame into the room. Strings, objects and oversized frames are refused. */
export function onYjs(socket: IoSocket, conn: SocketConnection, room: Room): void {
  socket.on('yjs', (payload: unknown) => {
    const frame = toFrame(payload);
    if (!frame) {
      conn.sendError({ code: ERROR_CODES.invalid, message: 'A yjs frame must be binary (a Uint8Array), not text or JSON.' });
      return;
    }
    const limit = frameSizeLimit(frame, MAX_FRAME_BYTES, MAX_SYNC_REPLY_BYTES);
    if (frame.length > limit) {
      conn.sendError({ code: ERROR_CODES.tooLarge, message: `Frames of this kind are limited to ${limit} bytes.` });
      return;
    }
    room.handleFrame(conn, frame);
  });
}
