/**
 * Several server processes on one PostgreSQL and one Redis (DESIGN.md "Storage and scale"): clients of
 * one board on different processes see each other's edits, presence, votes, timer and notices as if
 * they shared one; vote budgets hold across processes; a timer finishes once. Three real server
 * processes (spawned as `npm start` would run the source), one PostgreSQL schema, one Redis.
 */
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { addCard, readBoard } from '@sessionboard/shared';
import { createBoard, startServer } from '../helpers/server.ts';
import { spawnServer } from '../helpers/spawnServer.ts';
import type { ServerProcess } from '../helpers/spawnServer.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { YwsPeer } from '../helpers/YwsPeer.ts';
import { TEST_DATABASE_URL, dropSchema, freshSchema, postgresSuiteRuns, queryIn } from '../helpers/postgres.ts';
import { TEST_REDIS_URL, redisSuiteRuns } from '../helpers/redis.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { WorkshopPeer } from '../helpers/WorkshopPeer.ts';
import { createWorkshop, joinWorkshop } from '../helpers/workshopHttp.ts';
import type { WorkshopState } from '@sessionboard/shared';
import { workshopParticipantId } from '../../server/src/security/participants.ts';
import { decodeBoardMessage } from '../../server/src/scale/busMessages.ts';
import { Redis } from 'ioredis';

const suite = 'tests/integration/scaleOut.test.ts';
const runs = (await postgresSuiteRuns(suite)) && (await redisSuiteRuns(suite));

describe.runIf(runs)('three server processes on one PostgreSQL and one Redis', () => {
  const schema = freshSchema();
  let a: ServerProcess;
  let b: ServerProcess;
  let c: ServerProcess;
  const open: { close(): void }[] = [];
  const track = <P extends { close(): void }>(p: P): P => {
    open.push(p);
    return p;
  };

  beforeAll(async () => {
    const env = { DATABASE_URL: TEST_DATABASE_URL, DATABASE_SCHEMA: schema, REDIS_URL: TEST_REDIS_URL };
    [a, b, c] = await Promise.all([spawnServer(env), spawnServer(env), spawnServer(env)]);
  }, 60_000);
  afterAll(async () => {
    for (const p of open) p.close();
    await Promise.all(
      [a, b, c].map(
        (s) =>
          new Promise<void>((resolve) => {
            if (!s || s.child.exitCode !== null) return resolve();
            s.child.once('exit', () => resolve());
            s.child.kill('SIGTERM');
          }),
      ),
    );
    await dropSchema(schema);
  });

  it('converges one board across processes on both transports, in both directions', async () => {
    const board = await createBoard(a.url, { title: 'Across', team: 'Herons' });
    const ann = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.member, name: 'Ann' }));
    const bob = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Bob' }));
    const yws = track(await YwsPeer.connect(c.url, board.id, board.keys.member));
    addCard(ann.doc, { kind: 'strength', text: 'from A', author: 'Ann', authorId: 'a' });
    addCard(bob.doc, { kind: 'weakness', text: 'from B', author: 'Bob', authorId: 'b' });
    addCard(yws.doc, { kind: 'question', text: 'from C (y-websocket)', author: 'Cy', authorId: 'c' });
    const texts = (doc: typeof ann.doc) => readBoard(doc).cards.map((x) => x.text).sort();
    const all = ['from A', 'from B', 'from C (y-websocket)'];
    await waitFor(() => [ann.doc, bob.doc, yws.doc].every((d) => texts(d).join() === all.join()), 'three cards everywhere');
    // A latecomer on any process has everything by the time it is told it is synced.
    const late = track(await SocketPeer.connect(c.url, { board: board.id, key: board.keys.member, name: 'Late' }));
    expect(texts(late.atSync as typeof ann.doc)).toEqual(all);
  });

  it('delivers bursts written on three processes at once to readers on a third on both transports', async () => {
    // Many updates in one turn on each process: the reading process gets them from the bus in a few
    // messages and sends what one turn brought in one go, its own writer's batches in between. This
    // checks that nothing is lost or stuck on that path (the grouping itself is not visible to a client).
    const board = await createBoard(a.url);
    const ann = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.member, name: 'Ann' }));
    const cy = track(await YwsPeer.connect(c.url, board.id, board.keys.member));
    const bob = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Bob' }));
    const byYws = track(await YwsPeer.connect(b.url, board.id, board.keys.member));
    const expected: string[] = [];
    for (let i = 0; i < 40; i++) {
      addCard(ann.doc, { kind: 'strength', text: `A${i}`, author: 'Ann', authorId: 'a' });
      addCard(cy.doc, { kind: 'weakness', text: `C${i}`, author: 'Cy', authorId: 'c' });
      addCard(bob.doc, { kind: 'question', text: `B${i}`, author: 'Bob', authorId: 'b' });
      expected.push(`A${i}`, `C${i}`, `B${i}`);
    }
    expected.sort();
    const texts = (doc: typeof ann.doc) => readBoard(doc).cards.map((x) => x.text).sort().join();
    await waitFor(() => [ann.doc, cy.doc, bob.doc, byYws.doc].every((d) => texts(d) === expected.join()), '120 cards on every client');
    // A latecomer on the reading process gets the same board.
    const late = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Late' }));
    expect(texts(late.atSync as typeof ann.doc)).toBe(expected.join());
  });

  it('carries presence between processes, and removes it when its client leaves', async () => {
    const board = await createBoard(a.url);
    const here = track(await YwsPeer.connect(a.url, board.id, board.keys.member));
    const there = track(await YwsPeer.connect(b.url, board.id, board.keys.member));
    here.provider.awareness.setLocalStateField('user', { name: 'Hana' });
    const seen = () => [...there.provider.awareness.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'Hana');
    await waitFor(seen, 'Hana’s presence on the other process');
    // A process that loads the board later asks the others for the presence they hold.
    const third = track(await YwsPeer.connect(c.url, board.id, board.keys.member));
    await waitFor(() => [...third.provider.awareness.getStates().values()].some((s) => (s as { user?: { name?: string } }).user?.name === 'Hana'), 'presence at a newcomer');
    here.close();
    await waitFor(() => !seen(), 'Hana gone on the other process');
  });

  it('gives exactly three of six concurrent votes from one member voting through two processes, budget three', async () => {
    const board = await createBoard(a.url);
    const fay = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' }));
    const card = addCard(fay.doc, { kind: 'weakness', text: 'Slow reviews', author: 'Fay', authorId: 'f' });
    expect((await fay.command({ type: 'settings.update', settings: { votesPerPerson: 3, maxVotesPerCard: 3 } })).ok).toBe(true);
    expect((await fay.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
    const onA = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.member, name: 'Vi' }));
    const secret = onA.hello!.participant;
    const onB = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Vi', participant: secret }));
    await waitFor(() => readBoard(onB.doc).cards.some((x) => x.id === card), 'the card on B');
    const acks = await Promise.all([onA, onB, onA, onB, onA, onB].map((p) => p.command({ type: 'vote.add', card })));
    expect(acks.filter((x) => x.ok)).toHaveLength(3);
    expect(acks.flatMap((x) => (x.ok ? [] : [x.error.code]))).toEqual(['budget_exhausted', 'budget_exhausted', 'budget_exhausted']);
    // Both processes tell the voter the same: three dots on the card, none left.
    await waitFor(() => onA.mines.at(-1)?.left === 0 && onB.mines.at(-1)?.left === 0, 'votes:mine on both');
    expect(onB.mines.at(-1)?.[card]).toBe(3);
    const again = track(await SocketPeer.connect(c.url, { board: board.id, key: board.keys.member, name: 'Vi', participant: secret }));
    expect(again.hello?.mine[card]).toBe(3);
  });

  it('shows a step, a timer and its end on every process', async () => {
    const board = await createBoard(a.url);
    const fay = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' }));
    const onB = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Bo' }));
    const onC = track(await SocketPeer.connect(c.url, { board: board.id, key: board.keys.projector, name: 'Room' }));
    expect((await fay.command({ type: 'step.goto', step: 2 })).ok).toBe(true);
    await waitFor(() => onB.state?.step === 2 && onC.state?.step === 2, 'the step on B and C');
    expect((await fay.command({ type: 'timer.start', durationMs: 1000 })).ok).toBe(true);
    await waitFor(() => onB.state?.timer.status === 'running', 'the running timer on B');
    await waitFor(() => [fay, onB, onC].every((p) => p.state?.timer.status === 'finished'), 'the end on every process', 6000);
    const finishes = (p: SocketPeer) => new Set(p.states.filter((s) => s.timer.status === 'finished').map((s) => s.version));
    await new Promise((r) => setTimeout(r, 500));
    // One finishing version, the same everywhere, and the one stored.
    expect(finishes(onB).size).toBe(1);
    expect([...finishes(fay)]).toEqual([...finishes(onB)]);
    expect([...finishes(onC)]).toEqual([...finishes(onB)]);
    const [row] = await queryIn<{ json: string }>(schema, 'SELECT json FROM sessions WHERE board_id = $1', [board.id]);
    expect((JSON.parse(row!.json) as { state: { version: number } }).state.version).toBe([...finishes(onB)][0]);
  });

  it('a timer finishes once: with three processes holding each of six boards, exactly one write per board stores its end', async () => {
    // Every process holding a board ends its timer at the same moment; under the session row's lock
    // (RoomScaleOut.sharedChange, PostgresStore.updateSession's FOR UPDATE) the first writes the end and the
    // others find it ended. A trigger in this test's schema counts every write that stores a finished
    // timer, so two processes both ending it show up as two rows, whatever the clients are sent.
    await queryIn(
      schema,
      `CREATE TABLE ${schema}.timer_finish_writes (board_id TEXT NOT NULL, version INT NOT NULL);
       CREATE FUNCTION ${schema}.count_timer_finish() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF (NEW.json::jsonb #>> '{state,timer,status}') = 'finished' THEN
           INSERT INTO ${schema}.timer_finish_writes VALUES (NEW.board_id, (NEW.json::jsonb #>> '{state,version}')::int);
         END IF;
         RETURN NEW;
       END $$;
       CREATE TRIGGER count_timer_finish AFTER INSERT OR UPDATE ON ${schema}.sessions FOR EACH ROW EXECUTE FUNCTION ${schema}.count_timer_finish();`,
    );
    const boards = await Promise.all(Array.from({ length: 6 }, () => createBoard(a.url)));
    const holders = await Promise.all(
      boards.map(async (board) => ({
        board,
        fay: track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' })),
        others: [
          track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Bo' })),
          track(await SocketPeer.connect(c.url, { board: board.id, key: board.keys.member, name: 'Cy' })),
        ],
      })),
    );
    const acks = await Promise.all(holders.map(({ fay }) => fay.command({ type: 'timer.start', durationMs: 1200 })));
    expect(acks.every((x) => x.ok)).toBe(true);
    // Every process holds every board with the timer running before it ends.
    await waitFor(() => holders.every((h) => h.others.every((p) => p.state?.timer.status === 'running')), 'the timers running on B and C');
    await waitFor(() => holders.every((h) => [h.fay, ...h.others].every((p) => p.state?.timer.status === 'finished')), 'every timer ended everywhere', 8000);
    await new Promise((r) => setTimeout(r, 500));
    const rows = await queryIn<{ board_id: string; version: number }>(schema, 'SELECT board_id, version FROM timer_finish_writes');
    const perBoard = boards.map((board) => rows.filter((r) => r.board_id === board.id).length);
    expect(perBoard).toEqual(boards.map(() => 1));
    // And every client shows the finishing version that was stored.
    for (const h of holders) {
      const stored = rows.find((r) => r.board_id === h.board.id)!.version;
      for (const p of [h.fay, ...h.others]) expect(p.state?.version).toBe(stored);
    }
  });

  it('lets someone remembered on one process into the locked board on another that already held it; session messages on the bus carry no people', async () => {
    const board = await createBoard(a.url, { title: 'Locked across' });
    const fay = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' }));
    // B holds the board (and what it remembers) before Ann is remembered, on A.
    const early = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Early' }));
    const bus = new Redis(TEST_REDIS_URL);
    const sessions: string[] = [];
    try {
      bus.on('messageBuffer', (_channel: Buffer, message: Buffer) => {
        const { msg } = decodeBoardMessage(message);
        if (msg.kind === 'session') sessions.push(msg.json);
      });
      await bus.subscribe(`sb:board:${board.id}`);
      const ann = await SocketPeer.connect(a.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: 'ann-across-01' });
      const annId = ann.hello?.participantId;
      await waitFor(async () => (await queryIn(schema, 'SELECT 1 FROM board_participants WHERE board_id = $1 AND participant_id = $2', [board.id, annId])).length === 1, 'Ann remembered');
      ann.close();
      expect((await fay.command({ type: 'board.lock', locked: true })).ok).toBe(true);
      await waitFor(() => early.state?.locked === true, 'the lock on B');
      const onB = track(await SocketPeer.connect(b.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: 'ann-across-01' }));
      expect(onB.hello?.participantId).toBe(annId);
      const onC = track(await SocketPeer.connect(c.url, { board: board.id, key: board.keys.member, name: 'Ann', participant: 'ann-across-01' }));
      expect(onC.hello?.state.locked).toBe(true);
      expect(await SocketPeer.refusal(b.url, { board: board.id, key: board.keys.member, name: 'Eve', participant: 'eve-across-01' })).toBe('locked');
      expect((await fay.command({ type: 'timer.start', durationMs: 60_000 })).ok).toBe(true);
      await waitFor(() => sessions.length >= 2, 'session messages on the bus');
      for (const json of sessions) expect(json).not.toContain('participants');
      const [row] = await queryIn<{ json: string }>(schema, 'SELECT json FROM sessions WHERE board_id = $1', [board.id]);
      expect(row!.json).not.toContain('participants');
    } finally {
      bus.disconnect();
    }
  });

  it('runs a workshop across processes: the console on one sees groups on others, notices and moves reach them', async () => {
    const ws = await createWorkshop(a.url, { title: 'Spread', groups: ['Red', 'Blue'] });
    const instructor = track(await WorkshopPeer.connect(a.url, ws.id, ws.keys.instructor));
    const secret = 'ada-secret-0001';
    const joined = await joinWorkshop(b.url, ws.id, { code: ws.joinCode, name: 'Ada', participant: secret, group: 'Red' });
    expect(joined.status).toBe(200);
    const id = workshopParticipantId(ws.id, secret);
    // The join was on B, the console on A: the people list follows through the bus.
    await waitFor(() => instructor.people.at(-1)?.some((p) => p.participant === id) ?? false, 'Ada in the console’s people list');
    const red = ws.groups.find((g) => g.name === 'Red')!;
    const blue = ws.groups.find((g) => g.name === 'Blue')!;
    const ada = track(await SocketPeer.connect(b.url, { board: red.board, key: red.keys.member, name: 'Ada', participant: secret }));
    addCard(ada.doc, { kind: 'strength', text: 'We ship weekly', author: 'Ada', authorId: 'x' });
    const redOf = (s: WorkshopState) => s.groups.find((g) => g.board === red.board);
    await instructor.until((s) => (redOf(s)?.counts.strength ?? 0) === 1, 'the card counted on the console of another process');
    await instructor.until((s) => redOf(s)?.online === 1, 'Ada online on the console');
    expect((await instructor.command({ type: 'notice', message: 'Five minutes left' })).ok).toBe(true);
    await waitFor(() => ada.state?.notice?.message === 'Five minutes left', 'the notice on a board of another process');
    // A second console on C sees the notice A's console set.
    const second = track(await WorkshopPeer.connect(c.url, ws.id, ws.keys.instructor));
    expect(second.state.notice?.message).toBe('Five minutes left');
    const moved = new Promise<{ board: string }>((resolve) => ada.socket.once('workshop:moved', resolve));
    expect((await instructor.command({ type: 'participant.move', participant: id, group: 'Blue' })).ok).toBe(true);
    expect((await moved).board).toBe(blue.board);
    expect((await instructor.command({ type: 'assignment.set', assignment: 'choose' })).ok).toBe(true);
    await second.until((s) => s.assignment === 'choose', 'the assignment on the other console');
  });

  it('two consoles on different processes acting on one workshop at the same moment end in the same state, on both and in the store', async () => {
    const ws = await createWorkshop(a.url, { title: 'Two instructors', groups: ['Red', 'Blue', 'Green'] });
    const onA = track(await WorkshopPeer.connect(a.url, ws.id, ws.keys.instructor));
    const onB = track(await WorkshopPeer.connect(b.url, ws.id, ws.keys.instructor));
    // A member of every group on the third process, to see what the boards show.
    const secrets = ws.groups.map((g, i) => `member-${i}-secret`);
    const boards = await Promise.all(
      ws.groups.map(async (g, i) => {
        expect((await joinWorkshop(c.url, ws.id, { code: ws.joinCode, name: `M${i}`, participant: secrets[i], group: g.name })).status).toBe(200);
        return track(await SocketPeer.connect(c.url, { board: g.board, key: g.keys.member, name: `M${i}`, participant: secrets[i] }));
      }),
    );
    const stored = async () => {
      const [row] = await queryIn<{ notice_json: string; assignment: string }>(schema, 'SELECT notice_json, assignment FROM workshops WHERE id = $1', [ws.id]);
      return { notice: (JSON.parse(row!.notice_json) as { message: string } | null)?.message ?? null, assignment: row!.assignment };
    };
    const storedBoardNotices = async () =>
      (await queryIn<{ json: string }>(schema, 'SELECT json FROM sessions WHERE board_id = ANY($1)', [ws.groups.map((g) => g.board)])).map(
        (r) => (JSON.parse(r.json) as { state: { notice: { message: string } | null } }).state.notice?.message ?? null,
      );
    /** Waits until both consoles, every board and the store agree, and returns what they agree on. */
    const agreed = async (what: string) => {
      let last = '';
      await waitFor(
        async () => {
          const db = await stored();
          const seen = {
            store: db,
            consoleA: { notice: onA.state.notice?.message ?? null, assignment: onA.state.assignment },
            consoleB: { notice: onB.state.notice?.message ?? null, assignment: onB.state.assignment },
            boards: boards.map((p) => p.state?.notice?.message ?? null),
            storedBoards: await storedBoardNotices(),
          };
          last = JSON.stringify(seen);
          const same = (x: unknown) => JSON.stringify(x) === JSON.stringify(db);
          return same(seen.consoleA) && same(seen.consoleB) && [...seen.boards, ...seen.storedBoards].every((n) => n === db.notice);
        },
        `${what}: consoles, boards and store agreeing (last seen ${last})`,
        5000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; last seen ${last}`);
      });
      return stored();
    };
    for (let round = 0; round < 6; round++) {
      const acks = await Promise.all([
        onA.command({ type: 'notice', message: `From A, round ${round}` }),
        onB.command({ type: 'notice', message: `From B, round ${round}` }),
      ]);
      expect(acks.every((x) => x.ok)).toBe(true);
      expect((await agreed(`notice round ${round}`)).notice).toMatch(new RegExp(`round ${round}$`));
      const wanted = round % 2 === 0 ? (['choose', 'balanced'] as const) : (['balanced', 'choose'] as const);
      const set = await Promise.all([onA.command({ type: 'assignment.set', assignment: wanted[0] }), onB.command({ type: 'assignment.set', assignment: wanted[1] })]);
      expect(set.every((x) => x.ok)).toBe(true);
      await agreed(`assignment round ${round}`);
    }
    // Both send every group to a different step at once: every board ends on the same one, as both consoles show.
    for (let round = 0; round < 3; round++) {
      const steps = round % 2 === 0 ? [1, 2] : [2, 1];
      const acks = await Promise.all([onA.command({ type: 'all.step.goto', step: steps[0]! }), onB.command({ type: 'all.step.goto', step: steps[1]! })]);
      expect(acks.every((x) => x.ok)).toBe(true);
      let last = '';
      await waitFor(
        async () => {
          const storedSteps = (await queryIn<{ json: string }>(schema, 'SELECT json FROM sessions WHERE board_id = ANY($1)', [ws.groups.map((g) => g.board)])).map(
            (r) => (JSON.parse(r.json) as { state: { step: number } }).state.step,
          );
          const seen = [...storedSteps, ...boards.map((p) => p.state?.step), ...[onA, onB].flatMap((w) => w.state.groups.map((g) => g.step))];
          last = JSON.stringify(seen);
          return new Set(seen).size === 1;
        },
        `all.step.goto round ${round}: one step on every board, in the store and on both consoles`,
        5000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; last seen ${last}`);
      });
    }
    // Both move the same person at once, to different groups. Her page follows each move it is told
    // of, as the board page does (it opens the board it is sent to); where she ends, both consoles'
    // people lists and the store must agree.
    const id = workshopParticipantId(ws.id, secrets[0]!);
    const red = ws.groups[0]!;
    let page = boards[0]!;
    // Follows the newest move the page was told of, once at a time (as the board page navigates).
    let following = false;
    const follower = setInterval(() => {
      const moved = page.moves.at(-1);
      if (following || !moved) return;
      following = true;
      void SocketPeer.connect(c.url, { board: moved.board, key: moved.key, name: 'M0', participant: secrets[0] }).then((next) => {
        track(next);
        page.close();
        page = next;
        following = false;
      });
    }, 5);
    onTestFinished(() => clearInterval(follower));
    const boardOf = (peer: SocketPeer) => (peer.socket.auth as { board: string }).board;
    const pageOn = () => ws.groups.find((g) => g.board === boardOf(page));
    for (let round = 0; round < 4; round++) {
      const [to1, to2] = round % 2 === 0 ? ['Blue', 'Green'] : ['Green', 'Blue'];
      const acks = await Promise.all([
        onA.command({ type: 'participant.move', participant: id, group: to1 }),
        onB.command({ type: 'participant.move', participant: id, group: to2 }),
      ]);
      expect(acks.every((x) => x.ok)).toBe(true);
      let last = '';
      await waitFor(
        async () => {
          const [row] = await queryIn<{ board_id: string }>(schema, 'SELECT board_id FROM workshop_members WHERE workshop_id = $1 AND participant = $2', [ws.id, id]);
          const group = ws.groups.find((g) => g.board === row!.board_id)!.name;
          const listed = (peer: WorkshopPeer) => peer.people.at(-1)?.find((p) => p.participant === id)?.group;
          const on = pageOn()?.name;
          last = JSON.stringify({ store: group, consoleA: listed(onA), consoleB: listed(onB), page: on });
          return listed(onA) === group && listed(onB) === group && on === group;
        },
        `move round ${round}: both consoles’ people lists and the person’s page agreeing with the store`,
        5000,
      ).catch((err: Error) => {
        throw new Error(`${err.message}; last seen ${last}`);
      });
      // Back to Red, from one console, for the next round.
      expect((await onA.command({ type: 'participant.move', participant: id, group: red.name })).ok).toBe(true);
      await waitFor(() => onB.people.at(-1)?.find((p) => p.participant === id)?.group === red.name && boardOf(page) === red.board, 'back in Red, on the other console and on her page');
    }
  }, 60_000);

  it('balances people joining one workshop at the same moment through three processes: 8/8/8, five rounds', async () => {
    // Each process queues its own joins; across processes only the store can keep two joins from both
    // reading "Blue has fewest" and both landing there.
    const servers = [a, b, c];
    for (let round = 0; round < 5; round++) {
      const ws = await createWorkshop(a.url, { title: `Rush ${round}`, groups: 3 });
      const joins = await Promise.all(
        Array.from({ length: 24 }, (_, i) => joinWorkshop(servers[i % 3]!.url, ws.id, { code: ws.joinCode, name: `P${i}`, participant: `rush-${round}-person-${i}` })),
      );
      expect(joins.map((j) => j.status)).toEqual(joins.map(() => 200));
      const sizes = new Map<string, number>();
      for (const j of joins) sizes.set(j.body.group, (sizes.get(j.body.group) ?? 0) + 1);
      expect([...sizes.values()], `round ${round}`).toEqual([8, 8, 8]);
    }
  });

  it('keeps the other processes’ Socket.IO clients connected when one process stops', async () => {
    const d = await startServer({ databaseUrl: TEST_DATABASE_URL, databaseSchema: schema, redisUrl: TEST_REDIS_URL });
    const board = await createBoard(a.url);
    const stays = track(await SocketPeer.connect(a.url, { board: board.id, key: board.keys.member, name: 'Stays' }));
    const goes = track(await SocketPeer.connect(d.url, { board: board.id, key: board.keys.member, name: 'Goes' }));
    let dropped = '';
    stays.socket.on('disconnect', (reason) => (dropped = reason));
    await d.close();
    await waitFor(() => !goes.socket.connected, 'the stopped process’s client gone');
    // Through the Redis adapter a plain io.disconnectSockets() in one process's close reached every process.
    await new Promise((r) => setTimeout(r, 500));
    expect(dropped).toBe('');
    expect(stays.socket.connected).toBe(true);
  });
});
