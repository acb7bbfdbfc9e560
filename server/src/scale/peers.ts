import type { RoomPeers } from '../rooms/Room.ts';
import type { WorkshopPeers } from '../workshops/WorkshopLive.ts';
import type { RedisBus } from './RedisBus.ts';

/** The bus as the rooms see it: a board's messages. */
export function roomPeers(bus: RedisBus): RoomPeers {
  return {
    publish: (board, msg) => bus.publishBoard(board, msg),
    subscribe: (board, handler) => bus.subscribeBoard(board, handler),
    unsubscribe: (board) => bus.unsubscribeBoard(board),
    onStatus: (fn) => bus.onStatus(fn),
  };
}

/** The bus as the workshop views see it: a workshop's messages. */
export function workshopPeers(bus: RedisBus): WorkshopPeers {
  return {
    publish: (workshop, msg) => bus.publishWorkshop(workshop, msg),
    subscribe: (workshop, handler) => bus.subscribeWorkshop(workshop, handler),
    unsubscribe: (workshop) => bus.unsubscribeWorkshop(workshop),
  };
}
