const FIN_BINARY = 0x82;
const LEN_16 = 126;
const LEN_64 = 127;

/**
 * One complete server-to-client WebSocket message (RFC 6455: final binary frame, unmasked) in one
 * buffer, header then payload. Built once per broadcast and written to every recipient's socket, it
 * replaces a header allocation and a two-buffer writev per recipient with one plain write.
 */
export function wsBinaryMessage(payload: Uint8Array): Buffer {
  const length = payload.length;
  const headBytes = length < LEN_16 ? 2 : length < 0x10000 ? 4 : 10;
  const message = Buffer.allocUnsafe(headBytes + length);
  message[0] = FIN_BINARY;
  if (length < LEN_16) message[1] = length;
  else if (length < 0x10000) {
    message[1] = LEN_16;
    message.writeUInt16BE(length, 2);
  } else {
    message[1] = LEN_64;
    message.writeBigUInt64BE(BigInt(length), 2);
  }
  message.set(payload, headBytes);
  return message;
}
