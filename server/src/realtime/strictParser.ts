import msgpackParser from 'socket.io-msgpack-parser';

/**
 * Event names a client must never send: Socket.IO and Node's EventEmitter give them meaning on the
 * server's side of a socket, and a spoofed `disconnect` made the room forget a live connection.
 */
const RESERVED_EVENT_NAMES = new Set([
  'connect',
  'connect_error',
  'disconnect',
  'disconnecting',
  'error',
  'newListener',
  'removeListener',
]);
const MAX_EVENT_NAME_CHARS = 64;
const EVENT = 2;

/** Why a packet from a client is refused before any handler sees it, or null when it may pass. */
export function refusePacket(packet: { type?: unknown; data?: unknown }): string | null {
  if (packet.type !== EVENT) return null;
  const name = Array.isArray(packet.data) ? (packet.data[0] as unknown) : undefined;
  if (typeof name !== 'string') return 'event name is not a string';
  if (name.length === 0 || name.length > MAX_EVENT_NAME_CHARS) return 'event name is empty or too long';
  if (RESERVED_EVENT_NAMES.has(name)) return `event name "${name}" is reserved`;
  return null;
}

/**
 * The msgpack parser with a stricter decoder. The stock decoder checks packet types but not event
 * names, so a map as a name threw outside Socket.IO's guard (the process exited) and reserved names
 * reached the server's own lifecycle handlers. A refused packet throws here, inside Socket.IO's
 * `decoder.add` guard, which closes that one connection with a parse error.
 */
class StrictDecoder extends msgpackParser.Decoder {
  override checkPacket(decoded: { type?: unknown; data?: unknown }): void {
    super.checkPacket(decoded);
    const why = refusePacket(decoded);
    if (why) throw new Error(`refused packet: ${why}`);
  }
}

/** The parser for `new Server({ parser })`: msgpack on the wire, event names checked on the way in. */
export const strictParser = { ...msgpackParser, Decoder: StrictDecoder };
