/**
 * The workshop live view through the real server: the `{ workshop, key }` handshake and its refusals,
 * `workshop:state` (what it counts, how often it comes, what it never reveals), every `workshop:command`
 * with both roles' refusals, all-group commands reaching every board's clients, help raised and
 * acknowledged, the notice on every board, and all of it surviving a restart.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Role, WorkshopRole } from '@sessionboard/shared';
import { addCard, updateCardFields } from '@sessionboard/shared';
import { startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { WorkshopPeer } from '../helpers/WorkshopPeer.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { workshopParticipantId } from '../../server/src/security/participants.ts';
import { createTestWorkshop } from '../helpers/workshops.ts';
import { joinWorkshop } from '../helpers/workshopHttp.ts';
import type { TestWorkshop } from '../helpers/workshops.ts';

let server: TestServer;
const open: { close(): void }[] = [];

function track<P extends { close(): void }>(p: P): P {
  open.push(p);
  return p;
}

async function view(w: TestWorkshop, role: WorkshopRole): Promise<WorkshopPeer> {
  return track(await WorkshopPeer.connect(server.url, w.id, w.keys[role]));
}

async function member(w: TestWorkshop, group: number, name: string, role: Role = 'member', participant?: string): Promise<SocketPeer> {
  const g = w.groups[group]!;
  return track(await SocketPeer.connect(server.url, { board: g.board, key: g.keys[role], name, ...(participant ? { participant } : {}) }));
}

beforeAll(async () => {
  server = await startServer();
});
afterEach(() => {
  for (const p of open.splice(0)) p.close();
});
afterAll(async () => server?.close());

describe('workshop live view: handshake', () => {
  it('refuses an unknown or malformed workshop, a wrong key and a board key, with stable codes', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue']);
    expect(await WorkshopPeer.connect(server.url, 'NoSuchWorkshop123', w.keys.instructor).catch((e: Error) => e.message)).toBe('workshop_not_found');
    expect(await WorkshopPeer.connect(server.url, '../etc', w.keys.instructor).catch((e: Error) => e.message)).toBe('workshop_not_found');
    expect(await WorkshopPeer.connect(server.url, w.id, 'wrong-key-000000').catch((e: Error) => e.message)).toBe('forbidden');
    expect(await WorkshopPeer.connect(server.url, w.id, w.groups[0]!.keys.facilitator).catch((e: Error) => e.message)).toBe('forbidden');
    // A board's handshake is unchanged beside it.
    const peer = await member(w, 0, 'Ada');
    expect(peer.hello?.role).toBe('member');
  });

  it('sends a whole state right after connecting: groups in order, nothing going on yet', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue', 'Green']);
    const console_ = await view(w, 'instructor');
    const s = console_.state;
    expect(s.groups.map((g) => g.name)).toEqual(['Red', 'Blue', 'Green']);
    expect(s.groups.map((g) => g.board)).toEqual(w.groups.map((g) => g.board));
    expect(s.notice).toBeNull();
    for (const g of s.groups) {
      expect(g).toMatchObject({ step: 0, online: 0, votesCast: 0, goals: { total: 0, complete: 0 }, help: { requested: false } });
      expect(g.timer.status).toBe('idle');
      expect(Object.values(g.counts).every((n) => n === 0)).toBe(true);
      expect(typeof g.lastActivity).toBe('number');
    }
    expect(typeof s.version).toBe('number');
  });
});

describe('workshop live view: what the console sees', () => {
  it('counts people (not connections, not projectors) as they arrive and leave', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue']);
    const console_ = await view(w, 'instructor');
    const ada = await member(w, 0, 'Ada', 'member', 'ada-secret-1');
    await member(w, 0, 'Ada on her phone', 'member', 'ada-secret-1');
    await member(w, 0, 'Screen', 'projector');
    await member(w, 1, 'Bo');
    await member(w, 1, 'Cy');
    await console_.until((s) => s.groups[0]!.online === 1 && s.groups[1]!.online === 2, 'people online');
    ada.close();
    // Ada's phone is still connected: still one person in Red.
    await new Promise((r) => setTimeout(r, 1300));
    expect(console_.state.groups[0]!.online).toBe(1);
  });

  it('counts cards per kind, complete goals and backlog items from the boards as they are written', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue']);
    const console_ = await view(w, 'instructor');
    const ada = await member(w, 0, 'Ada');
    const before = Date.now();
    addCard(ada.doc, { kind: 'strength', text: 'We ship weekly', author: 'Ada', authorId: 'a' });
    addCard(ada.doc, { kind: 'weakness', text: 'No tests', author: 'Ada', authorId: 'a' });
    const goal = addCard(ada.doc, { kind: 'goal', text: 'Add CI', author: 'Ada', authorId: 'a', measure: 'green on main', owner: 'Ada' });
    addCard(ada.doc, { kind: 'goal', text: 'Half a goal', author: 'Ada', authorId: 'a' });
    addCard(ada.doc, { kind: 'backlog', text: 'Write the workflow', author: 'Ada', authorId: 'a', goal });
    let s = await console_.until((st) => st.groups[0]!.counts.goal === 2 && st.groups[0]!.counts.backlog === 1, 'cards counted');
    expect(s.groups[0]!.counts).toMatchObject({ strength: 1, weakness: 1, goal: 2, backlog: 1, question: 0 });
    expect(s.groups[0]!.goals).toEqual({ total: 2, complete: 0 }); // no due date yet
    expect(s.groups[0]!.lastActivity).toBeGreaterThanOrEqual(before);
    expect(s.groups[1]!.counts.goal).toBe(0);
    updateCardFields(ada.doc, goal, { due: '2027-01-15' });
    s = await console_.until((st) => st.groups[0]!.goals.complete === 1, 'goal complete');
    expect(s.groups[0]!.goals).toEqual({ total: 2, complete: 1 });
  });

  it('coalesces: a group writing 20 times a second gives about one state a second, each change within about a second', async () => {
    const w = await createTestWorkshop(server, ['Red']);
    const console_ = await view(w, 'instructor');
    const ada = await member(w, 0, 'Ada');
    const startCount = console_.states.length;
    const started = Date.now();
    let written = 0;
    while (Date.now() - started < 3000) {
      addCard(ada.doc, { kind: 'note', text: `note ${written++}`, author: 'Ada', authorId: 'a' });
      await new Promise((r) => setTimeout(r, 50));
    }
    const final = await console_.until((s) => s.groups[0]!.counts.note === written, 'last note counted', 2500);
    const received = console_.states.slice(startCount);
    expect(received.length).toBeGreaterThanOrEqual(3);
    expect(received.length).toBeLessThanOrEqual(6);
    for (let i = 1; i < received.length; i++) expect(received[i]!.at - received[i - 1]!.at).toBeGreaterThanOrEqual(900);
    expect(final.version).toBeGreaterThan(received[0]!.state.version - 1);
    const versions = received.map((r) => r.state.version);
    expect([...versions].sort((a, b) => a - b)).toEqual(versions);
  });

  it('counts dots spent while votes are hidden, and neither state nor priorities carry hidden totals', async () => {
    const w = await createTestWorkshop(server, ['Red']);
    const instructor = await view(w, 'instructor');
    const mentor = await view(w, 'mentor');
    const projector = await view(w, 'projector');
    const facilitator = await member(w, 0, 'Fay', 'facilitator');
    const ada = await member(w, 0, 'Ada');
    const weak = addCard(ada.doc, { kind: 'weakness', text: 'Flaky deploys', author: 'Ada', authorId: 'a' });
    await waitFor(() => facilitator.doc.getMap('cards').has(weak), 'card synced');
    expect((await facilitator.command({ type: 'step.goto', step: 1 })).ok).toBe(true); // the voting step
    expect(facilitator.state?.settings.hideVotes).toBe(true); // the template's default
    expect((await ada.command({ type: 'vote.add', card: weak })).ok).toBe(true);
    expect((await ada.command({ type: 'vote.add', card: weak })).ok).toBe(true);
    await instructor.until((s) => s.groups[0]!.votesCast === 2, 'dots counted');
    await waitFor(() => mentor.priorities.some((p) => p[0]?.weaknesses.length === 1), 'priorities', 6000);
    const hidden = mentor.priorities[mentor.priorities.length - 1]![0]!;
    expect(hidden.weaknesses).toEqual([{ text: 'Flaky deploys', votes: null }]);
    for (const s of instructor.states) expect(JSON.stringify(s.state)).not.toContain(weak);
    expect(projector.priorities).toEqual([]); // the room's screen gets no priorities
    expect((await facilitator.command({ type: 'votes.reveal', revealed: true })).ok).toBe(true);
    await waitFor(() => mentor.priorities.some((p) => p[0]?.weaknesses[0]?.votes === 2), 'revealed totals', 6000);
  });
});

describe('workshop live view: commands', () => {
  it('all.* reach every board of the workshop, with a result per board, and go to the console', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue', 'Green']);
    const instructor = await view(w, 'instructor');
    const peers = await Promise.all(w.groups.map((_, i) => member(w, i, `p${i}`)));
    const ack = await instructor.command({ type: 'all.step.goto', step: 1 });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.results).toEqual(w.groups.map((g) => ({ board: g.board, ok: true })));
    expect(ack.state.groups.every((g) => g.step === 1)).toBe(true);
    for (const p of peers) await waitFor(() => p.state?.step === 1, 'board at step 2');

    const started = await instructor.command({ type: 'all.timer.start' });
    expect(started.ok).toBe(true);
    for (const p of peers) await waitFor(() => p.state?.timer.status === 'running', 'timer running');
    expect((await instructor.command({ type: 'all.timer.extend', ms: 60_000 })).ok).toBe(true);
    expect((await instructor.command({ type: 'all.timer.pause' })).ok).toBe(true);
    for (const p of peers) await waitFor(() => p.state?.timer.status === 'paused', 'timer paused');
    expect((await instructor.command({ type: 'all.timer.resume' })).ok).toBe(true);
    expect((await instructor.command({ type: 'all.timer.reset' })).ok).toBe(true);
    for (const p of peers) await waitFor(() => p.state?.timer.status === 'idle', 'timer reset');
    expect((await instructor.command({ type: 'all.votes.reveal', revealed: true })).ok).toBe(true);
    for (const p of peers) await waitFor(() => p.state?.votesRevealed === true, 'revealed');
    expect((await instructor.command({ type: 'all.board.lock', locked: true })).ok).toBe(true);
    for (const p of peers) await waitFor(() => p.state?.locked === true, 'locked');
    await instructor.until((s) => s.groups.every((g) => g.locked && g.step === 1), 'console sees the locks');
    // A newcomer is kept out of a locked board, as any locked board would.
    expect(await SocketPeer.refusal(server.url, { board: w.groups[0]!.board, key: w.groups[0]!.keys.member })).toBe('locked');
  });

  it('names each board that refused, rather than hiding it', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue']);
    const instructor = await view(w, 'instructor');
    const fay = await member(w, 0, 'Fay', 'facilitator');
    expect((await fay.command({ type: 'timer.start' })).ok).toBe(true);
    const ack = await instructor.command({ type: 'all.timer.pause' });
    expect(ack.ok).toBe(true);
    if (!ack.ok) return;
    expect(ack.results).toEqual([
      { board: w.groups[0]!.board, ok: true },
      { board: w.groups[1]!.board, ok: false, error: { code: 'invalid', message: expect.stringContaining('not running') } },
    ]);
    const beyond = await instructor.command({ type: 'all.step.goto', step: 99 });
    expect(beyond.ok && beyond.results?.every((r) => !r.ok && r.error?.code === 'invalid')).toBe(true);
  });

  it('refuses by role: mentors only acknowledge hands, the projector sends nothing', async () => {
    const w = await createTestWorkshop(server, ['Red']);
    const mentor = await view(w, 'mentor');
    const projector = await view(w, 'projector');
    for (const type of ['all.step.goto', 'all.timer.start', 'all.board.lock', 'notice', 'assignment.set', 'rotation.set']) {
      const command = { type, step: 1, locked: true, message: 'hi', assignment: 'choose', mentors: ['M'] };
      const ack = await mentor.command(command);
      expect(ack.ok ? 'ok' : ack.error.code).toBe('forbidden');
    }
    const ack = await projector.command({ type: 'help.ack', board: w.groups[0]!.board });
    expect(ack.ok ? 'ok' : ack.error.code).toBe('forbidden');
    const ok = await mentor.command({ type: 'help.ack', board: w.groups[0]!.board });
    expect(ok.ok).toBe(true);
  });

  it('answers malformed commands and unknown events with clear errors, and keeps serving', async () => {
    const w = await createTestWorkshop(server, ['Red']);
    const instructor = await view(w, 'instructor');
    const bad = [{ type: 'all.step.goto', step: -1 }, { type: 'notice', message: 'x'.repeat(281) }, { type: 'nope' }, 'text', { type: 'help.ack', board: 'not a board id!' }];
    for (const command of bad) {
      const ack = await instructor.command(command as Record<string, unknown>);
      expect(ack.ok ? 'ok' : ack.error.code).toBe('invalid');
    }
    const other = await instructor.command({ type: 'help.ack', board: 'AAAAAAAAAAAAAAAAAAAAAA' });
    expect(other.ok ? 'ok' : other.error.code).toBe('board_not_found');
    const unknown = await instructor.socket.timeout(2000).emitWithAck('session:command', { type: 'timer.start' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_event' } });
    expect((await instructor.command({ type: 'all.timer.start' })).ok).toBe(true);
  });
});

describe('workshop live view: help and notice', () => {
  it('a group raises its hand, the console and mentors see it with its time, a mentor lowers it', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue']);
    const instructor = await view(w, 'instructor');
    const mentor = await view(w, 'mentor');
    const ada = await member(w, 1, 'Ada');
    const bo = await member(w, 1, 'Bo');
    const visitingMentor = await member(w, 1, 'Max', 'mentor');
    const refused = await visitingMentor.command({ type: 'help.request', requested: true });
    expect(refused.ok ? 'ok' : refused.error.code).toBe('forbidden');
    const before = Date.now();
    const raised = await ada.command({ type: 'help.request', requested: true });
    expect(raised.ok && raised.state.help.requested).toBe(true);
    await waitFor(() => bo.state?.help.requested === true, 'the group sees its hand up');
    const s = await instructor.until((st) => st.groups[1]!.help.requested, 'hand on the console');
    expect(s.groups[1]!.help.since).toBeGreaterThanOrEqual(before);
    expect(s.groups[0]!.help.requested).toBe(false);
    await mentor.until((st) => st.groups[1]!.help.requested, 'hand on the mentor view');
    // Raising it again changes nothing (the waiting time is kept).
    const again = await bo.command({ type: 'help.request', requested: true });
    expect(again.ok && again.state.help.since).toBe(s.groups[1]!.help.since);
    expect((await mentor.command({ type: 'help.ack', board: w.groups[1]!.board })).ok).toBe(true);
    await waitFor(() => ada.state?.help.requested === false, 'hand lowered on the board');
    await instructor.until((st) => !st.groups[1]!.help.requested, 'hand lowered on the console');
  });

  it('posts a notice on every board and its projector, and clears it; a board outside a workshop has none', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue']);
    const instructor = await view(w, 'instructor');
    const screen = await view(w, 'projector');
    const peers = [await member(w, 0, 'Ada'), await member(w, 1, 'Screen', 'projector')];
    const ack = await instructor.command({ type: 'notice', message: '  Five minutes left, then back to the plenary  ' });
    expect(ack.ok && ack.state.notice?.message).toBe('Five minutes left, then back to the plenary');
    for (const p of peers) await waitFor(() => p.state?.notice?.message === 'Five minutes left, then back to the plenary', 'notice on a board');
    await screen.until((s) => s.notice?.message === 'Five minutes left, then back to the plenary', 'notice on the workshop projector');
    // A board joining now sees it in hello.
    const late = await member(w, 1, 'Late');
    expect(late.hello?.state.notice?.message).toBe('Five minutes left, then back to the plenary');
    expect((await instructor.command({ type: 'notice', message: null })).ok).toBe(true);
    for (const p of peers) await waitFor(() => p.state?.notice === null, 'notice cleared');
    const lone = track(await SocketPeer.connect(server.url, { board: w.loneBoard.id, key: w.loneBoard.keys.member }));
    expect(lone.hello?.state.notice).toBeNull();
    expect(lone.hello?.state.help).toEqual({ requested: false });
  });

  it('plans a mentors rotation that every view sees', async () => {
    const w = await createTestWorkshop(server, ['A', 'B', 'C', 'D', 'E']);
    const instructor = await view(w, 'instructor');
    const screen = await view(w, 'projector');
    const ack = await instructor.command({ type: 'rotation.set', mentors: ['Maria', 'Tom'], totalMs: 24 * 60_000 });
    expect(ack.ok).toBe(true);
    const s = await screen.until((st) => st.rotation !== null, 'rotation on the projector');
    expect(s.rotation!.slots.filter((x) => x.mentor === 'Maria').map((x) => x.group)).toEqual(['A', 'C', 'E']);
    expect(s.rotation!.slots.filter((x) => x.mentor === 'Tom').map((x) => x.group)).toEqual(['B', 'D']);
    expect(new Set(s.rotation!.slots.map((x) => x.group)).size).toBe(5);
    expect(s.rotation!.slots.every((x) => x.durationMs === 8 * 60_000)).toBe(true);
  });
});

describe('workshop live view: people', () => {
  it('moves a person to another group: their open board is told where to go, and the people list follows', async () => {
    const w = await createTestWorkshop(server, ['Red', 'Blue']);
    const secret = 'secret-of-ada-0001';
    const id = workshopParticipantId(w.id, secret);
    const instructor = await view(w, 'instructor');
    const joined = await joinWorkshop(server.url, w.id, { code: w.joinCode, name: 'Ada', participant: secret, group: 'Red' });
    expect(joined.status).toBe(200);
    await waitFor(() => instructor.people.at(-1)?.some((p) => p.participant === id && p.group === 'Red'), 'Ada listed in Red');
    const ada = await member(w, 0, 'Ada', 'member', secret);
    const bo = await member(w, 0, 'Bo');
    const moved: unknown[] = [];
    const boMoved: unknown[] = [];
    ada.socket.on('workshop:moved', (m: unknown) => moved.push(m));
    bo.socket.on('workshop:moved', (m: unknown) => boMoved.push(m));
    const ack = await instructor.command({ type: 'participant.move', participant: id, group: ' blue ' });
    expect(ack.ok).toBe(true);
    await waitFor(() => moved.length === 1, 'moved event');
    expect(moved[0]).toEqual({ board: w.groups[1]!.board, key: w.groups[1]!.keys.member, group: 'Blue' });
    expect(boMoved).toEqual([]);
    await waitFor(() => instructor.people.at(-1)?.some((p) => p.participant === id && p.group === 'Blue'), 'Ada listed in Blue');
    expect((await server.app.store.workshopMember(w.id, id))?.board).toBe(w.groups[1]!.board);
    const unknown = await instructor.command({ type: 'participant.move', participant: id, group: 'Purple' });
    expect(unknown.ok ? 'ok' : unknown.error.code).toBe('invalid');
    const nobody = await instructor.command({ type: 'participant.move', participant: 'nobody-here-123', group: 'Red' });
    expect(nobody.ok ? 'ok' : nobody.error.code).toBe('invalid');
  });

  it('switches the assignment and every view sees it', async () => {
    const w = await createTestWorkshop(server, ['Red']);
    const instructor = await view(w, 'instructor');
    const screen = await view(w, 'projector');
    expect(instructor.state.assignment).toBe('balanced');
    expect((await instructor.command({ type: 'assignment.set', assignment: 'choose' })).ok).toBe(true);
    await screen.until((s) => s.assignment === 'choose', 'assignment on the projector');
    expect((await server.app.store.getWorkshop(w.id))?.assignment).toBe('choose');
  });
});

describe('workshop live view: restart', () => {
  it('keeps the notice, the raised hand, the steps and the rotation across a restart', async () => {
    const dataDir = (await import('../helpers/server.ts')).tempDataDir();
    const first = await startServer({ dataDir });
    const w = await createTestWorkshop(first, ['Red', 'Blue']);
    const instructor = await WorkshopPeer.connect(first.url, w.id, w.keys.instructor);
    const ada = await SocketPeer.connect(first.url, { board: w.groups[0]!.board, key: w.groups[0]!.keys.member });
    expect((await instructor.command({ type: 'all.step.goto', step: 3 })).ok).toBe(true);
    expect((await instructor.command({ type: 'notice', message: 'Lunch at 12' })).ok).toBe(true);
    expect((await instructor.command({ type: 'rotation.set', mentors: ['Maria'] })).ok).toBe(true);
    expect((await ada.command({ type: 'help.request', requested: true })).ok).toBe(true);
    instructor.close();
    ada.close();
    await first.close();

    const second = await startServer({ dataDir });
    try {
      const again = await WorkshopPeer.connect(second.url, w.id, w.keys.instructor);
      const s = again.state;
      expect(s.notice?.message).toBe('Lunch at 12');
      expect(s.groups.map((g) => g.step)).toEqual([3, 3]);
      expect(s.groups[0]!.help.requested).toBe(true);
      expect(s.rotation?.mentors).toEqual(['Maria']);
      const bo = await SocketPeer.connect(second.url, { board: w.groups[1]!.board, key: w.groups[1]!.keys.member });
      expect(bo.hello?.state.notice?.message).toBe('Lunch at 12');
      bo.close();
      again.close();
    } finally {
      await second.close();
    }
  });
});
