import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedWorkshop, WorkshopInfo, WorkshopJsonExport } from '@sessionboard/shared';
import { WORKSHOP_CSV_COLUMNS, addBacklogItem, addCard, makeGoal, readBoard, updateCardFields } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { parseCsv } from '../helpers/parseCsv.ts';
import { startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { createWorkshop, errorOf, getJson, joinWorkshop } from '../helpers/workshopHttp.ts';

describe('workshop export over HTTP', () => {
  let server: TestServer;
  let ws: CreatedWorkshop;
  const peers: SocketPeer[] = [];

  /** A member of `group`, joined through the workshop and connected to their board. */
  async function member(group: string, name: string): Promise<SocketPeer> {
    const { body } = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name, group });
    const peer = await SocketPeer.connect(server.url, { board: body.board, key: body.key, name, participant: body.participant });
    peers.push(peer);
    return peer;
  }

  const url = (format: string, key: string) => `${server.url}/api/workshops/${ws.id}/export?format=${format}&key=${key}`;

  beforeAll(async () => {
    server = await startServer();
    // Every group shows totals as they come (the template hides them), but for Kestrels below.
    ws = await createWorkshop(server.url, { title: 'RSE Winter School', groups: ['Otters', 'Kestrels', 'Badgers'], settings: { hideVotes: false } });
    const ann = await member('Otters', 'Ann');
    const by = { author: 'Ann', authorId: 'ann' };
    const formula = addCard(ann.doc, { kind: 'weakness', text: '=HYPERLINK("http://evil")', ...by });
    const ci = addCard(ann.doc, { kind: 'weakness', text: 'Flaky CI', ...by });
    const goal = makeGoal(ann.doc, ci, { ...by, id: 'goal-otters' }) as string;
    updateCardFields(ann.doc, goal, { measure: 'Green 9 runs in 10', owner: 'Ben', due: '2026-12-19' });
    addBacklogItem(ann.doc, goal, { text: 'Quarantine flaky tests', owner: 'Cleo', ...by });
    for (const card of [ci, ci, formula]) await waitFor(() => ann.command({ type: 'vote.add', card }).then((a) => a.ok), 'a vote');

    // Kestrels hide their votes: the instructor's key opens each board as its facilitator.
    const info = (await getJson<WorkshopInfo>(`${server.url}/api/workshops/${ws.id}?key=${ws.keys.instructor}`)).body;
    const kestrels = info.groups.find((g) => g.name === 'Kestrels');
    const fay = await SocketPeer.connect(server.url, { board: kestrels?.board ?? '', key: kestrels?.key ?? '', name: 'Fay' });
    peers.push(fay);
    expect(fay.hello?.role).toBe('facilitator');
    expect((await fay.command({ type: 'settings.update', settings: { hideVotes: true } })).ok).toBe(true);
    const kai = await member('Kestrels', 'Kai');
    const secret = addCard(kai.doc, { kind: 'weakness', text: 'Secret weakness', author: 'Kai', authorId: 'kai' });
    await waitFor(() => kai.command({ type: 'vote.add', card: secret }).then((a) => a.ok), 'a hidden vote');
    await waitFor(() => readBoard(fay.doc).cards.length === 1, 'the Kestrels card to reach the server');
  });
  afterAll(async () => {
    for (const p of peers) p.close();
    await server.close();
  });

  it('exports Markdown: a section per group with top weaknesses by visible votes, goals and backlog', async () => {
    const res = await fetch(url('md', ws.keys.instructor));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/markdown/);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="rse-winter-school.md"');
    const md = await res.text();
    expect(md.startsWith('# RSE Winter School\n')).toBe(true);
    const otters = md.slice(md.indexOf('## Otters'), md.indexOf('## Kestrels'));
    expect(otters.indexOf('Flaky CI (2 dots)')).toBeGreaterThan(0);
    // Most votes first.
    expect(otters.indexOf('Flaky CI (2 dots)')).toBeLessThan(otters.indexOf('HYPERLINK'));
    expect(otters).toContain('(1 dot)');
    expect(otters).toContain('- **How we will know:** Green 9 runs in 10');
    expect(otters).toContain('- **Who:** Ben');
    expect(otters).toContain('- **By when:** 2026-12-19');
    expect(otters).toContain('- [ ] Quarantine flaky tests (Cleo)');
    const kestrels = md.slice(md.indexOf('## Kestrels'), md.indexOf('## Badgers'));
    expect(kestrels).toContain('Votes were hidden');
    expect(kestrels).toContain('- Secret weakness');
    expect(kestrels).not.toMatch(/dot/);
    expect(md.slice(md.indexOf('## Badgers'))).toContain('_None._');
  });

  it('exports CSV: one row per card with a leading group column, formula-safe, hidden votes left out', async () => {
    const res = await fetch(url('csv', ws.keys.mentor));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="rse-winter-school.csv"');
    const [header, ...rows] = parseCsv(await res.text());
    expect(header).toEqual([...WORKSHOP_CSV_COLUMNS]);
    const col = (name: string) => WORKSHOP_CSV_COLUMNS.indexOf(name as (typeof WORKSHOP_CSV_COLUMNS)[number]);
    expect(rows.map((r) => r[col('group')])).toEqual(['Otters', 'Otters', 'Otters', 'Otters', 'Kestrels']);
    const text = (t: string) => rows.find((r) => r[col('text')] === t);
    expect(text(`'=HYPERLINK("http://evil")`)?.[col('votes')]).toBe('1');
    expect(text('Flaky CI')?.[col('votes')]).toBe('2');
    expect(text('Secret weakness')?.[col('votes')]).toBe('');
    expect(text('Quarantine flaky tests')?.[col('owner')]).toBe('Cleo');
  });

  it('exports JSON: sessionboard.workshop v1 with each group’s board export as it is', async () => {
    const res = await fetch(url('json', ws.keys.instructor));
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="rse-winter-school.json"');
    const json = (await res.json()) as WorkshopJsonExport;
    expect(json).toMatchObject({ format: 'sessionboard.workshop', version: 1, title: 'RSE Winter School' });
    expect(Number.isNaN(Date.parse(json.exportedAt))).toBe(false);
    expect(json.groups.map((g) => g.name)).toEqual(['Otters', 'Kestrels', 'Badgers']);
    for (const g of json.groups) expect(g.board).toMatchObject({ format: 'sessionboard.board', version: 1, meta: { title: g.name, team: 'RSE Winter School' } });
    const [otters, kestrels, badgers] = json.groups;
    expect(otters?.board.cards).toHaveLength(4);
    expect(Object.values(otters?.board.votes ?? {}).sort()).toEqual([1, 2]);
    expect(kestrels?.board.votes).toBeNull();
    expect(kestrels?.board.settings.hideVotes).toBe(true);
    expect(badgers?.board.cards).toEqual([]);
  });

  it('takes only the instructor’s or a mentor’s key: 403 otherwise, 404 for an unknown workshop, 400 for a bad format', async () => {
    for (const key of [ws.keys.projector, ws.groups[0]?.keys.facilitator ?? '', 'wrong']) {
      const res = await getJson(url('md', key));
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe('forbidden');
    }
    const unknown = await getJson(`${server.url}/api/workshops/nosuchworkshop12345/export?format=md&key=${ws.keys.instructor}`);
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('workshop_not_found');
    const bad = await getJson(url('pdf', ws.keys.instructor));
    expect(bad.status).toBe(400);
    expect(errorOf(bad).code).toBe('invalid');
  });
});
