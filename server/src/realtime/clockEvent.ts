import type { IoSocket } from './types.ts';

/** `clock`: answers with the server's `Date.now()` so clients can estimate their offset. */
export function onClock(socket: IoSocket): void {
  socket.on('clock', (...args: unknown[]) => {
    const ack = args[args.length - 1];
    if (typeof ack === 'function') ack(Date.now());
  });
}
