import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedWorkshop, WorkshopInfo, WorkshopJoinInfo, WorkshopPerson } from '@sessionboard/shared';
import { workshopRoutes } from '../../server/src/http/workshopRoutes.ts';
import { MemoryLimiter, MemoryWrongGuesses } from '../../server/src/security/Limiter.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { createWorkshop, errorOf, getJson, joinWorkshop, postJson } from '../helpers/workshopHttp.ts';

const ID = /^[A-Za-z0-9_-]{22}$/;
const CODE = /^[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$/;

/** Members per group name, as `GET /api/join/CODE` counts them. */
async function sizes(server: TestServer, code: string): Promise<Record<string, number>> {
  const info = (await getJson<WorkshopJoinInfo>(`${server.url}/api/join/${code}`)).body;
  return Object.fromEntries(info.groups.map((g) => [g.name, g.members]));
}

describe('workshops over HTTP: creation and info', () => {
  let server: TestServer;
  let ws: CreatedWorkshop;

  beforeAll(async () => {
    server = await startServer({ publicUrl: 'https://boards.example.org' });
    ws = await createWorkshop(server.url, { title: 'RSE winter school', groups: 3 });
  });
  afterAll(async () => server.close());

  it('creates a workshop with three keys, a code, links, and one board per group with its own keys and code', async () => {
    expect(ws.id).toMatch(ID);
    expect(ws.joinCode).toMatch(CODE);
    expect(Object.keys(ws.keys).sort()).toEqual(['instructor', 'mentor', 'projector']);
    for (const key of Object.values(ws.keys)) expect(key).toMatch(ID);
    expect(new Set(Object.values(ws.keys)).size).toBe(3);
    expect(ws.links).toEqual({
      instructor: `https://boards.example.org/w/${ws.id}#key=${ws.keys.instructor}&view=instructor`,
      mentor: `https://boards.example.org/w/${ws.id}#key=${ws.keys.mentor}&view=mentor`,
      projector: `https://boards.example.org/w/${ws.id}#key=${ws.keys.projector}&view=projector`,
      join: `https://boards.example.org/join/${ws.joinCode}`,
    });
    expect(ws.groups.map((g) => g.name)).toEqual(['Group 1', 'Group 2', 'Group 3']);
    const codes = new Set([ws.joinCode, ...ws.groups.map((g) => g.joinCode)]);
    expect(codes.size).toBe(4);
    for (const g of ws.groups) {
      expect(g.board).toMatch(ID);
      expect(Object.keys(g.keys).sort()).toEqual(['facilitator', 'member', 'mentor', 'projector']);
      expect(g.links.member).toBe(`https://boards.example.org/b/${g.board}#key=${g.keys.member}`);
      // Each group is an ordinary board: its title is the group's name, its team the workshop's title.
      const info = (await getJson<{ title: string; team: string; joinCode: string }>(`${server.url}/api/boards/${g.board}/info?key=${g.keys.member}`)).body;
      expect(info).toMatchObject({ title: g.name, team: 'RSE winter school', joinCode: g.joinCode });
    }
  });

  it('takes a list of names (trimmed) and applies partial settings over the template to every board', async () => {
    const named = await createWorkshop(server.url, {
      title: 'Named',
      groups: ['  Otters ', 'Kestrels', 'Badgers'],
      settings: { votesPerPerson: 7, hideVotes: true },
      assignment: 'choose',
    });
    expect(named.groups.map((g) => g.name)).toEqual(['Otters', 'Kestrels', 'Badgers']);
    for (const g of named.groups) {
      const fay = await SocketPeer.connect(server.url, { board: g.board, key: g.keys.facilitator, name: 'Fay' });
      expect(fay.hello?.state.settings).toMatchObject({ votesPerPerson: 7, hideVotes: true });
      // The template's other settings are kept: the five steps of the mentoring session.
      expect(fay.hello?.state.settings.steps).toHaveLength(5);
      fay.close();
    }
    const info = (await getJson<WorkshopJoinInfo>(`${server.url}/api/join/${named.joinCode}`)).body;
    expect(info.assignment).toBe('choose');
    // Another template: every board takes its steps, and the partial settings still go over them.
    const retro = await createWorkshop(server.url, { title: 'Retro', groups: 2, template: 'retrospective', settings: { votesPerPerson: 4 } });
    const fay = await SocketPeer.connect(server.url, { board: retro.groups[1]?.board ?? '', key: retro.groups[1]?.keys.facilitator ?? '', name: 'Fay' });
    expect(fay.hello?.state.settings.steps.map((s) => s.title)).toEqual(['What went well, what did not', 'Actions']);
    expect(fay.hello?.state.settings).toMatchObject({ votesPerPerson: 4, hideVotes: true });
    fay.close();
  });

  it('refuses a malformed creation with 400 invalid and a message naming the problem', async () => {
    const cases: [unknown, RegExp][] = [
      [{ title: 'W', groups: 0 }, /groups/],
      [{ title: 'W', groups: 51 }, /groups/],
      [{ title: 'W', groups: 2.5 }, /groups/],
      [{ title: 'W', groups: ['A', 'a '] }, /group names must differ/],
      [{ title: 'W', groups: ['A', '   '] }, /may not be empty/],
      [{ title: 'W', groups: [] }, /groups/],
      [{ title: 'W', groups: Array.from({ length: 51 }, (_, i) => `G${i}`) }, /groups/],
      [{ title: '', groups: 2 }, /title/],
      [{ title: '   ', groups: 2 }, /title/],
      [{ groups: 2 }, /title/],
      [{ title: 'W' }, /groups/],
      [{ title: 'W', groups: 2, settings: { votesPerPerson: -1 } }, /settings\.votesPerPerson/],
      [{ title: 'W', groups: 2, assignment: 'random' }, /assignment/],
      ['[1,2]', /title/],
    ];
    for (const [body, message] of cases) {
      const res = await postJson(`${server.url}/api/workshops`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res).code).toBe('invalid');
      expect(errorOf(res).message, JSON.stringify(body)).toMatch(message);
    }
    const broken = await postJson(`${server.url}/api/workshops`, '{"title": ');
    expect(broken.status).toBe(400);
    expect(errorOf(broken).code).toBe('invalid');
    const huge = await postJson(`${server.url}/api/workshops`, { title: 'W', groups: 2, padding: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(errorOf(huge).code).toBe('too_large');
  });

  it('answers each role its view: the board key that role opens, and only its own links', async () => {
    const roles = { instructor: 'facilitator', mentor: 'mentor', projector: 'projector' } as const;
    const visible = { instructor: ['instructor', 'join', 'mentor', 'projector'], mentor: ['join', 'mentor', 'projector'], projector: ['join', 'projector'] };
    for (const [role, boardRole] of Object.entries(roles) as [keyof typeof roles, (typeof roles)[keyof typeof roles]][]) {
      const res = await getJson<WorkshopInfo>(`${server.url}/api/workshops/${ws.id}?key=${ws.keys[role]}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: ws.id, title: 'RSE winter school', joinCode: ws.joinCode, role, assignment: 'balanced' });
      expect(res.body.groups).toEqual(ws.groups.map((g) => ({ name: g.name, board: g.board, key: g.keys[boardRole] })));
      expect(Object.keys(res.body.links).sort()).toEqual(visible[role]);
      for (const [r, link] of Object.entries(res.body.links)) expect(link).toBe(ws.links[r as keyof typeof ws.links]);
    }
  });

  it('refuses a wrong or missing key with 403 and an unknown or malformed workshop with 404 workshop_not_found', async () => {
    for (const query of ['?key=wrong', '', `?key=${ws.groups[0]?.keys.facilitator}`]) {
      const res = await getJson(`${server.url}/api/workshops/${ws.id}${query}`);
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe('forbidden');
    }
    for (const id of ['nosuchworkshop12345', 'x', '..%2F..%2Fetc', ws.groups[0]?.board]) {
      const res = await getJson(`${server.url}/api/workshops/${id}?key=${ws.keys.instructor}`);
      expect(res.status, id).toBe(404);
      expect(errorOf(res).code).toBe('workshop_not_found');
    }
  });

  it('resolves a workshop code, a group board code and a plain board code each to its own thing', async () => {
    const lookup = await getJson<WorkshopJoinInfo>(`${server.url}/api/join/${ws.joinCode.toLowerCase().replace(/^(...)/, '$1-')}`);
    expect(lookup.status).toBe(200);
    expect(lookup.body).toEqual({
      workshop: ws.id,
      title: 'RSE winter school',
      groups: [
        { name: 'Group 1', members: 0 },
        { name: 'Group 2', members: 0 },
        { name: 'Group 3', members: 0 },
      ],
      assignment: 'balanced',
    });
    const group = ws.groups[1];
    const direct = await getJson(`${server.url}/api/join/${group?.joinCode}`);
    expect(direct.body).toEqual({ board: group?.board, key: group?.keys.member });
    const board = await createBoard(server.url);
    expect((await getJson(`${server.url}/api/join/${board.joinCode}`)).body).toEqual({ board: board.id, key: board.keys.member });
    const unknown = await getJson(`${server.url}/api/join/ZZZZZZ`);
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('board_not_found');
  });
});

describe('workshops over HTTP: creation rate limit', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ createBurst: 3, createPerSecond: 0.01 });
  });
  afterAll(async () => server.close());

  it('charges one creation token per workshop, shared with boards, then 429 rate_limited with Retry-After', async () => {
    await createBoard(server.url);
    await createWorkshop(server.url, { title: 'One', groups: 10 });
    await createWorkshop(server.url, { title: 'Two', groups: 10 });
    const refused = await postJson(`${server.url}/api/workshops`, { title: 'Three', groups: 2 });
    expect(refused.status).toBe(429);
    expect(errorOf(refused).code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // The limit comes before the body is read: even a malformed body is refused with 429, not 400.
    expect((await postJson(`${server.url}/api/workshops`, '{')).status).toBe(429);
  });
});

describe('workshops over HTTP: joining', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(async () => server.close());

  it('balances 24 concurrent joins over 3 groups 8/8/8, and lists them for the instructor', async () => {
    const ws = await createWorkshop(server.url, { title: 'Balanced', groups: 3 });
    const joins = await Promise.all(Array.from({ length: 24 }, (_, i) => joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: `Person ${i}` })));
    for (const j of joins) expect(j.status).toBe(200);
    const count: Record<string, number> = {};
    for (const { body } of joins) count[body.group] = (count[body.group] ?? 0) + 1;
    expect(count).toEqual({ 'Group 1': 8, 'Group 2': 8, 'Group 3': 8 });
    expect(await sizes(server, ws.joinCode)).toEqual({ 'Group 1': 8, 'Group 2': 8, 'Group 3': 8 });
    for (const { body } of joins) {
      const group = ws.groups.find((g) => g.name === body.group);
      expect(body.board).toBe(group?.board);
      expect(body.key).toBe(group?.keys.member);
      // A participant the server made: the client keeps it and sends it again (and in the board handshake).
      expect(body.participant).toMatch(/^[A-Za-z0-9_-]{6,64}$/);
    }
    const people = await getJson<WorkshopPerson[]>(`${server.url}/api/workshops/${ws.id}/people?key=${ws.keys.instructor}`);
    expect(people.status).toBe(200);
    expect(people.body).toHaveLength(24);
    const secrets = new Set(joins.map((j) => j.body.participant));
    for (const p of people.body) {
      expect(p.participant).toMatch(ID);
      // The list shows a workshop-scoped id, never the secret that proves who someone is.
      expect(secrets.has(p.participant)).toBe(false);
      expect(p.joinedAt).toBeGreaterThan(0);
    }
    const byName = Object.fromEntries(people.body.map((p) => [p.name, p.group]));
    for (let i = 0; i < 24; i++) expect(byName[`Person ${i}`]).toBe(joins[i]?.body.group);
  });

  it('sends a newcomer to the emptiest group, ties to the first in the instructor’s order', async () => {
    const ws = await createWorkshop(server.url, { title: 'Order', groups: ['Zebra', 'Ant', 'Moth'] });
    const code = ws.joinCode;
    expect((await joinWorkshop(server.url, ws.id, { code, name: 'A', group: 'moth' })).body.group).toBe('Moth');
    expect((await joinWorkshop(server.url, ws.id, { code, name: 'B' })).body.group).toBe('Zebra');
    expect((await joinWorkshop(server.url, ws.id, { code, name: 'C' })).body.group).toBe('Ant');
    expect((await joinWorkshop(server.url, ws.id, { code, name: 'D' })).body.group).toBe('Zebra');
  });

  it('lets people choose when the workshop says so: a group is required and must exist', async () => {
    const ws = await createWorkshop(server.url, { title: 'Choose', groups: ['Otters', 'Kestrels'], assignment: 'choose' });
    const none = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ann' });
    expect(none.status).toBe(400);
    expect(errorOf(none).code).toBe('invalid');
    expect(errorOf(none).message).toMatch(/Choose a group/);
    expect(errorOf(none).message).toContain('"Otters", "Kestrels"');
    const unknown = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ann', group: 'Eagles' });
    expect(unknown.status).toBe(400);
    expect(errorOf(unknown).message).toMatch(/no group called "Eagles"/);
    const ok = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ann', group: '  kestrels ' });
    expect(ok.status).toBe(200);
    expect(ok.body.group).toBe('Kestrels');
    expect(ok.body.board).toBe(ws.groups[1]?.board);
    // Nobody was added by the refusals.
    expect(await sizes(server, ws.joinCode)).toEqual({ Otters: 0, Kestrels: 1 });
  });

  it('gives a participant seen before their own group back, whatever they ask for, and keeps their new name', async () => {
    const ws = await createWorkshop(server.url, { title: 'Return', groups: ['Otters', 'Kestrels'] });
    const participant = 'ann-secret-0123456789';
    const first = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ann', participant, group: 'Kestrels' });
    expect(first.body).toMatchObject({ group: 'Kestrels', participant });
    for (const group of ['Otters', undefined, 'No such group']) {
      const again = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: '  Ann   B. ', participant, group });
      expect(again.status, String(group)).toBe(200);
      expect(again.body).toEqual(first.body);
    }
    const people = (await getJson<WorkshopPerson[]>(`${server.url}/api/workshops/${ws.id}/people?key=${ws.keys.instructor}`)).body;
    expect(people.map((p) => [p.name, p.group])).toEqual([['Ann B.', 'Kestrels']]);
    // A secret the server made works the same way.
    const made = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ben' });
    expect(made.body.group).toBe('Otters');
    const back = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ben', participant: made.body.participant, group: 'Kestrels' });
    expect(back.body).toEqual(made.body);
    expect(await sizes(server, ws.joinCode)).toEqual({ Otters: 1, Kestrels: 1 });
  });

  it('opens every group’s board with the member key it hands out, as the participant it hands out', async () => {
    const ws = await createWorkshop(server.url, { title: 'Sockets', groups: 4 });
    for (let i = 0; i < 4; i++) {
      const { body } = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: `P${i}` });
      const peer = await SocketPeer.connect(server.url, { board: body.board, key: body.key, name: `P${i}`, participant: body.participant });
      expect(peer.hello?.role).toBe('member');
      peer.close();
    }
    expect(Object.values(await sizes(server, ws.joinCode))).toEqual([1, 1, 1, 1]);
  });

  it('answers 404 for an unknown workshop, 403 for a wrong code, 400 for a malformed body, 403 for people without the instructor key', async () => {
    const ws = await createWorkshop(server.url, { title: 'Errors', groups: 2 });
    const other = await createWorkshop(server.url, { title: 'Other', groups: 2 });
    const unknown = await joinWorkshop(server.url, 'nosuchworkshop12345', { code: ws.joinCode, name: 'Ann' });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('workshop_not_found');
    for (const code of ['ZZZZZZ', other.joinCode, ws.groups[0]?.joinCode ?? '', 'not a code']) {
      const wrong = await joinWorkshop(server.url, ws.id, { code, name: 'Ann' });
      expect(wrong.status, code).toBe(403);
      expect(errorOf(wrong).code).toBe('forbidden');
    }
    const bodies: unknown[] = [{ name: 'Ann' }, { code: ws.joinCode }, { code: ws.joinCode, name: 'Ann', participant: 'x' }, { code: ws.joinCode, name: 7 }, '[]', '{'];
    for (const body of bodies) {
      const res = await postJson(`${server.url}/api/workshops/${ws.id}/join`, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res).code).toBe('invalid');
    }
    const big = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'x'.repeat(5000) });
    expect(big.status).toBe(413);
    for (const key of [ws.keys.mentor, ws.keys.projector, 'wrong', other.keys.instructor]) {
      const res = await getJson(`${server.url}/api/workshops/${ws.id}/people?key=${key}`);
      expect(res.status).toBe(403);
      expect(errorOf(res).code).toBe('forbidden');
    }
    expect((await getJson(`${server.url}/api/workshops/nosuchworkshop12345/people?key=${ws.keys.instructor}`)).status).toBe(404);
    expect(await sizes(server, ws.joinCode)).toEqual({ 'Group 1': 0, 'Group 2': 0 });
  });

  it('limits one participant’s joins by themselves (10 at once, then 429 with Retry-After), not the room’s', async () => {
    const ws = await createWorkshop(server.url, { title: 'Eager', groups: 2 });
    const participant = 'eager-participant-1';
    for (let i = 0; i < 10; i++) expect((await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Eve', participant })).status).toBe(200);
    const refused = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Eve', participant });
    expect(refused.status).toBe(429);
    expect(errorOf(refused).code).toBe('rate_limited');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    // Everyone else in the room (same address) still joins.
    expect((await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Fay', participant: 'fay-participant-1' })).status).toBe(200);
  });
});

describe('workshop routes: the people-changed hook', () => {
  let server: TestServer;
  let hooked: http.Server;
  let url: string;
  const calls: string[] = [];

  beforeAll(async () => {
    server = await startServer();
    // The same routes over the running server's real store and rooms, with the hook the live console uses.
    const app = express();
    app.use(
      workshopRoutes({
        store: server.app.store,
        rooms: server.app.rooms,
        wrongJoins: new MemoryWrongGuesses(100, 1),
        createLimiter: new MemoryLimiter(100, 1),
        workshopJoinLimiter: new MemoryLimiter(100, 1),
        participantJoinLimiter: new MemoryLimiter(100, 1),
        publicUrl: undefined,
        trustProxy: false,
        onPeopleChanged: (workshop) => calls.push(workshop),
      }),
    );
    hooked = http.createServer(app);
    await new Promise<void>((resolve) => hooked.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(hooked.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => hooked.close(resolve));
    await server.close();
  });

  it('is called after a join adds someone or renames them, not when someone simply comes back or is refused', async () => {
    const ws = await createWorkshop(url, { title: 'Hooked', groups: 2 });
    const ann = await joinWorkshop(url, ws.id, { code: ws.joinCode, name: 'Ann' });
    expect(calls).toEqual([ws.id]);
    await joinWorkshop(url, ws.id, { code: ws.joinCode, name: 'Ann', participant: ann.body.participant });
    expect(calls).toEqual([ws.id]);
    await joinWorkshop(url, ws.id, { code: ws.joinCode, name: 'Ann Lee', participant: ann.body.participant });
    expect(calls).toEqual([ws.id, ws.id]);
    expect((await joinWorkshop(url, ws.id, { code: 'ZZZZZZ', name: 'Mallory' })).status).toBe(403);
    expect((await joinWorkshop(url, ws.id, { code: ws.joinCode, name: 'Ben', group: 'Nope' })).status).toBe(400);
    expect(calls).toEqual([ws.id, ws.id]);
  });
});
