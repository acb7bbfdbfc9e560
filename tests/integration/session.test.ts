import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCard, readBoard, deleteCard } from '@sessionboard/shared';
import type { CommandAck } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { useServerWithBoard } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';

function code(ack: CommandAck): string {
  return ack.ok ? 'ok' : ack.error.code;
}

describe('session commands: roles, timer, steps, settings, votes', () => {
  const stage = useServerWithBoard();
  let fay: SocketPeer; // facilitator
  let mo: SocketPeer; // mentor
  let ann: SocketPeer; // member
  let ben: SocketPeer; // member
  let projector: SocketPeer;

  beforeAll(async () => {
    fay = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.facilitator, name: 'Fay' });
    mo = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.mentor, name: 'Mo' });
    ann = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Ann', participant: 'ann-participant' });
    ben = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.member, name: 'Ben', participant: 'ben-participant' });
    projector = await SocketPeer.connect(stage.server.url, { board: stage.board.id, key: stage.board.keys.projector });
  });
  afterAll(async () => {
    for (const p of [fay, mo, ann, ben, projector]) p.close();
  });

  it('hello carries the template state: five steps, three dots, idle timer for step one', () => {
    const state = ann.hello?.state;
    expect(state?.settings.steps.map((s) => s.durationMs / 60_000)).toEqual([3, 5, 5, 25, 15]);
    expect(state?.settings.votesPerPerson).toBe(3);
    expect(state?.settings.votableKinds).toEqual(['weakness']);
    expect(state?.timer).toEqual({ status: 'idle', step: 0, durationMs: 180_000 });
    expect(ann.hello?.mine).toEqual({ left: 3 });
  });

  it("refuses a member's or projector's timer and step commands with forbidden", async () => {
    for (const peer of [ann, projector]) {
      for (const cmd of [{ type: 'timer.start' }, { type: 'step.goto', step: 1 }, { type: 'timer.reset' }]) {
        expect(code(await peer.command(cmd))).toBe('forbidden');
      }
    }
    expect(code(await mo.command({ type: 'votes.reveal', revealed: true }))).toBe('forbidden');
    expect(code(await mo.command({ type: 'board.lock', locked: true }))).toBe('forbidden');
    expect(code(await mo.command({ type: 'settings.update', settings: { votesPerPerson: 9 } }))).toBe('forbidden');
    expect(code(await mo.command({ type: 'vote.add', card: 'whatever-card' }))).toBe('forbidden');
    expect(code(await projector.command({ type: 'vote.add', card: 'whatever-card' }))).toBe('forbidden');
  });

  it('runs the timer for everyone: start, pause, resume, extend, reset', async () => {
    const before = Date.now();
    const started = await mo.command({ type: 'timer.start' });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(started.state.timer.status).toBe('running');
    expect(started.state.timer.endsAt).toBeGreaterThanOrEqual(before + 180_000);
    await waitFor(() => ann.state?.timer.status === 'running', 'ann to see the timer running');
    expect(ann.state?.timer.endsAt).toBe(started.state.timer.endsAt);

    const paused = await fay.command({ type: 'timer.pause' });
    expect(paused.ok && paused.state.timer.status).toBe('paused');
    expect(code(await fay.command({ type: 'timer.pause' }))).toBe('invalid');
    const extended = await fay.command({ type: 'timer.extend', ms: 60_000 });
    expect(extended.ok && extended.state.timer.durationMs).toBe(240_000);
    const resumed = await fay.command({ type: 'timer.resume' });
    expect(resumed.ok && resumed.state.timer.status).toBe('running');
    const reset = await fay.command({ type: 'timer.reset' });
    expect(reset.ok && reset.state.timer).toEqual({ status: 'idle', step: 0, durationMs: 180_000 });
    await waitFor(() => projector.state?.timer.status === 'idle' && projector.state.version === (reset.ok ? reset.state.version : -1), 'the projector to follow');
  });

  it('finishes the timer on the server at zero and tells every client', async () => {
    const started = await fay.command({ type: 'timer.start', durationMs: 1000 });
    expect(started.ok).toBe(true);
    await waitFor(() => ann.state?.timer.status === 'finished' && projector.state?.timer.status === 'finished', 'everyone to see the finish', 4000);
  });

  it('moves everyone to a step and refuses steps that do not exist', async () => {
    const moved = await fay.command({ type: 'step.goto', step: 1 });
    expect(moved.ok && moved.state.step).toBe(1);
    expect(moved.ok && moved.state.timer).toEqual({ status: 'idle', step: 1, durationMs: 300_000 });
    await waitFor(() => ben.state?.step === 1, 'ben to follow to step 2');
    expect(code(await fay.command({ type: 'step.goto', step: 5 }))).toBe('invalid');
  });

  it('enforces dot budgets, per-card caps and votable kinds, and tells each voter their dots', async () => {
    // This board shows totals as they come (the template hides them until revealed).
    expect(code(await fay.command({ type: 'settings.update', settings: { hideVotes: false } }))).toBe('ok');
    const w1 = addCard(ann.doc, { kind: 'weakness', text: 'no reviews', author: 'Ann', authorId: 'ann-participant' });
    const w2 = addCard(ann.doc, { kind: 'weakness', text: 'flaky CI', author: 'Ann', authorId: 'ann-participant' });
    const s1 = addCard(ann.doc, { kind: 'strength', text: 'good pairing', author: 'Ann', authorId: 'ann-participant' });
    await waitFor(() => readBoard(fay.doc).cards.length >= 3, 'the cards to reach the server');
    expect(code(await ann.command({ type: 'vote.add', card: w1 }))).toBe('ok');
    expect(code(await ann.command({ type: 'vote.add', card: w1 }))).toBe('ok');
    expect(code(await ann.command({ type: 'vote.add', card: w1 }))).toBe('card_cap');
    expect(code(await ann.command({ type: 'vote.add', card: s1 }))).toBe('not_votable');
    expect(code(await ann.command({ type: 'vote.add', card: 'no-such-card' }))).toBe('card_not_found');
    expect(code(await ann.command({ type: 'vote.add', card: w2 }))).toBe('ok');
    expect(code(await ann.command({ type: 'vote.add', card: w2 }))).toBe('budget_exhausted');
    await waitFor(() => ann.mines.at(-1)?.left === 0, "ann's votes:mine to say none left");
    expect(ann.mines.at(-1)).toEqual({ [w1]: 2, [w2]: 1, left: 0 });
    expect(ben.mines).toEqual([]);
    await waitFor(() => ben.state?.votes?.[w1] === 2 && ben.state.votes[w2] === 1, 'ben to see the totals');
    expect(code(await ann.command({ type: 'vote.remove', card: w1 }))).toBe('ok');
    expect(code(await ann.command({ type: 'vote.remove', card: s1 }))).toBe('invalid');
    expect(code(await fay.command({ type: 'vote.add', card: w2 }))).toBe('ok');
    await waitFor(() => projector.state?.votes?.[w2] === 2, 'the projector to see the facilitator vote');

    // Two people have voted (the count is all anyone learns while totals are hidden).
    await waitFor(() => ben.state?.voters === 2, 'ben to see two voters');
    // Past the voting step the dots stand (V6).
    const voting = fay.state!.settings.steps.findIndex((st) => st.voting);
    expect(code(await fay.command({ type: 'step.goto', step: voting + 1 }))).toBe('ok');
    expect(code(await ann.command({ type: 'vote.add', card: w1 }))).toBe('not_votable');
    expect(code(await fay.command({ type: 'vote.remove', card: w2 }))).toBe('not_votable');
    expect(code(await fay.command({ type: 'step.goto', step: voting }))).toBe('ok');

    // A deleted card gives its dots back.
    deleteCard(ann.doc, w2);
    await waitFor(() => ann.mines.at(-1)?.left === 2, 'ann to get her dot back');
    await waitFor(() => fay.state?.votes?.[w2] === undefined, 'the total of the deleted card to go');
  });

  it('sends no totals to anyone while votes are hidden, until the facilitator reveals them', async () => {
    const hidden = await fay.command({ type: 'settings.update', settings: { hideVotes: true } });
    expect(hidden.ok && hidden.state.votes).toBeNull();
    const w = addCard(ben.doc, { kind: 'weakness', text: 'unclear goals', author: 'Ben', authorId: 'ben-participant' });
    await waitFor(() => readBoard(fay.doc).cards.some((c) => c.id === w), 'the card to reach the server');
    const voted = await ben.command({ type: 'vote.add', card: w });
    expect(voted.ok && voted.state.votes).toBeNull();
    await waitFor(() => ben.mines.at(-1)?.[w] === 1, 'ben to see his own dot');
    for (const peer of [fay, mo, ann, ben, projector]) {
      await waitFor(() => peer.state?.votes === null, 'hidden totals everywhere');
    }
    const revealed = await fay.command({ type: 'votes.reveal', revealed: true });
    expect(revealed.ok && revealed.state.votes?.[w]).toBe(1);
    await waitFor(() => projector.state?.votes?.[w] === 1, 'the projector to see revealed totals');
  });

  it('validates settings and applies a new timebox to an idle timer', async () => {
    expect(code(await fay.command({ type: 'settings.update', settings: { votesPerPerson: -1 } }))).toBe('invalid');
    expect(code(await fay.command({ type: 'settings.update', settings: { steps: [] } }))).toBe('invalid');
    const steps = (fay.state?.settings.steps ?? []).map((s, i) => (i === 1 ? { ...s, durationMs: 420_000 } : s));
    const updated = await fay.command({ type: 'settings.update', settings: { steps, votesPerPerson: 5 } });
    expect(updated.ok && updated.state.timer.durationMs).toBe(420_000);
    await waitFor(() => ann.mines.length > 0 && ann.state?.settings.votesPerPerson === 5, 'ann to see 5 dots');
  });
});
