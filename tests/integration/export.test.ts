import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedBoard, JsonExport } from '@sessionboard/shared';
import { addCard, readBoard, toJsonExport } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { useServerWithBoard } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { sampleInput } from '../fixtures/sampleBoard.ts';

describe('export and import over HTTP', () => {
  const stage = useServerWithBoard({}, { title: 'Export me', team: 'Otters' });
  let ann: SocketPeer;

  beforeAll(async () => {
    ann = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Ann' });
    const w = addCard(ann.doc, { kind: 'weakness', text: '=HYPERLINK("http://evil")', author: 'Ann', authorId: 'ann' });
    addCard(ann.doc, { kind: 'strength', text: '<script>alert(1)</script>', author: 'Ann', authorId: 'ann' });
    await waitFor(() => ann.command({ type: 'vote.add', card: w }).then((a) => a.ok), 'a vote');
    // The template hides votes until they are revealed; this board shows them, so exports carry totals.
    const fay = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.facilitator, name: 'Fay' });
    expect((await fay.command({ type: 'settings.update', settings: { hideVotes: false } })).ok).toBe(true);
    fay.close();
  });
  afterAll(async () => {
    ann.close();
  });

  const url = (format: string, key: string) => `${stage.server.url}/api/boards/${stage.board.id}/export?format=${format}&key=${key}`;

  it('any role’s key exports Markdown, CSV and JSON as downloads', async () => {
    for (const role of ['facilitator', 'mentor', 'member', 'projector'] as const) {
      const res = await fetch(url('md', stage.board.keys[role]));
      expect(res.status).toBe(200);
      expect(res.headers.get('content-disposition')).toBe('attachment; filename="export-me.md"');
      const md = await res.text();
      expect(md).toContain('# Export me');
      expect(md).toContain('(1 dot)');
      expect(md).not.toContain('<script>');
    }
    const raw = new Uint8Array(await (await fetch(url('csv', stage.board.keys.member))).arrayBuffer());
    // A UTF-8 byte order mark first, so Excel on Windows reads the file as UTF-8.
    expect([...raw.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const csv = await (await fetch(url('csv', stage.board.keys.member))).text();
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    const json = (await (await fetch(url('json', stage.board.keys.member))).json()) as JsonExport;
    expect(json.format).toBe('sessionboard.board');
    expect(json.cards).toHaveLength(2);
  });

  it('refuses a wrong key with 403, an unknown board with 404 and a bad format with 400', async () => {
    expect((await fetch(url('md', 'wrong-key'))).status).toBe(403);
    expect((await fetch(`${stage.server.url}/api/boards/nope12345/export?format=md&key=x`)).status).toBe(404);
    expect((await fetch(url('pdf', stage.board.keys.member))).status).toBe(400);
  });

  it('does not leak hidden vote totals through an export', async () => {
    const fay = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.facilitator, name: 'Fay' });
    await fay.command({ type: 'settings.update', settings: { hideVotes: true } });
    const json = (await (await fetch(url('json', stage.board.keys.member))).json()) as JsonExport;
    expect(json.votes).toBeNull();
    expect(await (await fetch(url('md', stage.board.keys.member))).text()).toContain('Votes were hidden');
    await fay.command({ type: 'settings.update', settings: { hideVotes: false } });
    fay.close();
  });

  it('imports a JSON export as a new board with the same content', async () => {
    const exported = toJsonExport(sampleInput());
    const res = await fetch(`${stage.server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(exported) });
    expect(res.status).toBe(201);
    const created = (await res.json()) as CreatedBoard;
    const peer = await SocketPeer.connect(stage.server.url, { board: created.id, key: created.keys.member });
    const imported = readBoard(peer.doc);
    expect(imported.meta.title).toBe('Sprint 1 mentoring');
    expect(imported.cards.map((c) => c.id).sort()).toEqual(exported.cards.map((c) => c.id).sort());
    expect(peer.hello?.state.settings).toEqual(exported.settings);
    const again = (await (await fetch(`${stage.server.url}/api/boards/${created.id}/export?format=json&key=${created.keys.member}`)).json()) as JsonExport;
    expect(again.cards).toEqual(exported.cards);
    peer.close();

    const bad = await fetch(`${stage.server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...exported, version: 9 }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/version/);
  });
});
