// What `npm start` runs: the server bundle (server/dist/index.mjs) that `npm run build` writes, serving
// the built client. `npm run test:e2e` builds both before this runs.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { createBoard, tempDataDir } from '../helpers/server.ts';
import { exited, spawnServer } from '../helpers/spawnServer.ts';
import { waitFor } from '../helpers/waitFor.ts';

describe('the production build', () => {
  it('serves the client, the API and both transports from the bundle, and exits cleanly on SIGTERM', async () => {
    const dataDir = tempDataDir();
    const server = await spawnServer({ DATA_DIR: dataDir }, 'bundle');
    try {
      expect(server.output.join('')).not.toMatch(/tsx/);
      const page = await fetch(`${server.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toMatch(/<script type="module"[^>]+src="\/assets\//);
      expect(((await (await fetch(`${server.url}/healthz`)).json()) as { ok: boolean }).ok).toBe(true);

      const board = await createBoard(server.url);
      const alice = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.member, name: 'Alice' });
      const bob = await YwsPeer.connect(server.url, board.id, board.keys.member);
      addCard(alice.doc, { kind: 'strength', text: 'served from the bundle', author: 'Alice', authorId: 'a' });
      await waitFor(() => readBoard(bob.doc).cards.some((c) => c.text === 'served from the bundle'), 'the card over /yjs');
      alice.close();
      bob.close();

      server.child.kill('SIGTERM');
      expect(await exited(server.child)).toBe(0);
      // The shutdown flushed the board and closed SQLite (the checkpoint worker too: no WAL is left).
      expect(fs.existsSync(`${dataDir}/sessionboard.sqlite-wal`)).toBe(false);
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
