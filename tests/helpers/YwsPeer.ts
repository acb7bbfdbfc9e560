import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { waitFor } from './waitFor.ts';

/** A client built exactly as an outside Yjs tool would: `WebsocketProvider` from the y-websocket package. */
export class YwsPeer {
  readonly doc = new Y.Doc();
  readonly provider: WebsocketProvider;
  /** The board as it stood when the provider first reported itself synced. */
  atSync: Y.Doc | null = null;

  private constructor(url: string, board: string, key: string) {
    this.provider = new WebsocketProvider(`${url.replace(/^http/, 'ws')}/yjs`, board, this.doc, {
      params: { key },
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
    });
    this.provider.once('sync', () => {
      this.atSync = new Y.Doc();
      Y.applyUpdate(this.atSync, Y.encodeStateAsUpdate(this.doc));
    });
  }

  static async connect(url: string, board: string, key: string): Promise<YwsPeer> {
    const peer = new YwsPeer(url, board, key);
    await waitFor(() => peer.provider.synced, 'y-websocket sync');
    return peer;
  }

  close(): void {
    this.provider.destroy();
    this.doc.destroy();
  }
}
