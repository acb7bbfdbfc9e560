import { FRAME, SYNC, syncStep1Frame } from '@sessionboard/shared/sync';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import * as Y from 'yjs';
import type { RoomTarget } from '../servers/types.ts';
import type { FrameConn } from './transport.ts';
import { openFrames } from './transport.ts';

/**
 * A real Yjs client, as a provider is: a Y.Doc that syncs with the server (step 1 / step 2), applies
 * every update it receives and sends its own. Writers are these; so are the verifiers that check
 * every document ends identical.
 */
export class DocClient {
  readonly doc = new Y.Doc();
  readonly conn: FrameConn;
  synced = false;

  /** `yjsServer`: the server answers sync step 1 (relays do not: the client counts as synced once open). */
  constructor(target: RoomTarget, yjsServer: boolean) {
    this.conn = openFrames(target);
    this.conn.onFrame((frame) => this.onFrame(frame));
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this) this.conn.send(updateFrameOf(update));
    });
    void this.conn.ready.then(
      () => {
        if (yjsServer) this.conn.send(syncStep1Frame(this.doc));
        else this.synced = true;
      },
      () => undefined,
    );
  }

  private onFrame(frame: Uint8Array): void {
    try {
      const decoder = decoding.createDecoder(frame);
      if (decoding.readVarUint(decoder) !== FRAME.sync) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, FRAME.sync);
      const type = syncProtocol.readSyncMessage(decoder, encoder, this.doc, this);
      if (type === SYNC.step2) this.synced = true;
      if (encoding.length(encoder) > 1) this.conn.send(encoding.toUint8Array(encoder));
    } catch {
      // Through a relay, other clients' sync chatter arrives too; it is not ours to answer.
    }
  }

  /** The document's bench text, for the end-of-run comparison. */
  text(): string {
    return this.doc.getText('bench').toString();
  }

  close(): void {
    this.conn.close();
    this.doc.destroy();
  }
}

function updateFrameOf(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarUint(encoder, FRAME.sync);
  syncProtocol.writeUpdate(encoder, update);
  return encoding.toUint8Array(encoder);
}
