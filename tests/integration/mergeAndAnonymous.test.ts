import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonExport } from '@sessionboard/shared';
import { addCard, hasCard, mergeCards, readBoard } from '@sessionboard/shared';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { useServerWithBoard } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { parseCsv } from '../helpers/parseCsv.ts';

describe('merged cards and anonymous weaknesses through the real server', () => {
  const stage = useServerWithBoard({}, { title: 'Merge me', team: 'Otters' });
  let fay: SocketPeer; // facilitator
  let ann: SocketPeer;
  let ben: SocketPeer;

  beforeAll(async () => {
    const board = { board: stage.board.id };
    fay = await SocketPeer.connect(stage.server.url, { ...board, key: stage.board.keys.facilitator, name: 'Fay', participant: 'fay-participant' });
    ann = await SocketPeer.connect(stage.server.url, { ...board, key: stage.board.keys.member, name: 'Ann', participant: 'ann-participant' });
    ben = await SocketPeer.connect(stage.server.url, { ...board, key: stage.board.keys.member, name: 'Ben', participant: 'ben-participant' });
    const ack = await fay.command({ type: 'settings.update', settings: { votesPerPerson: 5, maxVotesPerCard: 2, hideVotes: false } });
    expect(ack.ok).toBe(true);
  });
  afterAll(() => {
    for (const p of [fay, ann, ben]) p.close();
  });

  it('V7: two voters’ dots on a merged card end up on the surviving card, capped at maxVotesPerCard; the rest go back', async () => {
    const into = addCard(ann.doc, { kind: 'weakness', text: 'No code review', author: 'Ann', authorId: ann.hello?.participantId ?? '' });
    const from = addCard(ann.doc, { kind: 'weakness', text: 'Nobody reviews PRs', author: 'Ann', authorId: ann.hello?.participantId ?? '' });
    await waitFor(() => hasCard(ben.doc, from) && hasCard(ben.doc, into), 'ben to see both weaknesses');
    for (const [peer, card] of [[ann, from], [ann, from], [ann, into], [ben, from], [ben, into]] as const) {
      const ack = await peer.command({ type: 'vote.add', card });
      expect(ack.ok).toBe(true);
    }
    await waitFor(() => ann.mines.at(-1)?.left === 2 && ben.mines.at(-1)?.left === 3, 'both voters to see their dots');
    const annBefore = ann.mines.length;
    const benBefore = ben.mines.length;

    // Ben merges on his own copy of the document; the server sees only the Yjs update.
    expect(mergeCards(ben.doc, from, into)).toBe(true);

    // Ann had 2 + 1: the cap keeps 2 on the survivor and gives one dot back; Ben had 1 + 1: both stay.
    await waitFor(() => ann.mines.length > annBefore && ben.mines.length > benBefore, 'votes:mine for each voter whose dots moved');
    expect(ann.mines.at(-1)).toEqual({ [into]: 2, left: 3 });
    expect(ben.mines.at(-1)).toEqual({ [into]: 2, left: 3 });
    await waitFor(() => fay.state?.votes?.[into] === 4, 'the total to move to the survivor');
    expect(fay.state?.votes).toEqual({ [into]: 4 });
    // The room announces the moved dots as soon as it sees the merge, and fans the merge itself out once
    // it is stored: on a store that answers later (PostgreSQL) the votes can arrive first.
    await waitFor(() => !hasCard(fay.doc, from), 'the merge at the facilitator');
    const survivor = readBoard(fay.doc).cards.find((c) => c.id === into);
    expect(survivor?.text).toBe('No code review\n\nNobody reviews PRs');
    expect(survivor?.mergedFrom).toEqual([from]);
    expect(hasCard(fay.doc, from)).toBe(false);
  });

  it('an anonymous weakness carries no author in the document others receive, nor in the md, csv and json exports', async () => {
    // Written before the setting was on: its author stays in the document, but not in exports.
    const before = addCard(ben.doc, { kind: 'weakness', text: 'Flaky CI, said before', author: 'Ben', authorId: ben.hello?.participantId ?? '' });
    expect((await fay.command({ type: 'settings.update', settings: { anonymousWeaknesses: true } })).ok).toBe(true);
    await waitFor(() => ann.state?.settings.anonymousWeaknesses === true, 'ann to see the setting');
    // What the board's client writes while the setting is on (client/src/store/actions.ts addCardAction).
    const secret = addCard(ann.doc, { kind: 'weakness', text: 'We never finish the sprint', author: '', authorId: '' });
    const received = await waitFor(() => readBoard(ben.doc).cards.find((c) => c.id === secret), 'ben to receive the card');
    expect([received.author, received.authorId]).toEqual(['', '']);
    await waitFor(() => hasCard(fay.doc, before), 'the older weakness to reach everyone');

    const url = (format: string) => `${stage.server.url}/api/boards/${stage.board.id}/export?format=${format}&key=${stage.board.keys.member}`;
    const md = await (await fetch(url('md'))).text();
    const weaknesses = md.slice(md.indexOf('## Weaknesses'), md.indexOf('## Questions'));
    expect(weaknesses).toContain('We never finish the sprint');
    expect(weaknesses).toContain('Flaky CI, said before');
    expect(weaknesses).not.toMatch(/Ann|Ben/);

    const [header, ...rows] = parseCsv((await (await fetch(url('csv'))).text()).replace(/^\ufeff/, ''));
    const col = (name: string) => header?.indexOf(name) ?? -1;
    const weaknessRows = rows.filter((r) => r[col('kind')] === 'weakness');
    expect(weaknessRows).toHaveLength(3);
    expect(weaknessRows.map((r) => r[col('author')])).toEqual(['', '', '']);

    const json = (await (await fetch(url('json'))).json()) as JsonExport;
    const exported = json.cards.filter((c) => c.kind === 'weakness');
    expect(exported.map((c) => [c.author, c.authorId, c.mergedAuthors])).toEqual([
      ['', '', undefined],
      ['', '', undefined],
      ['', '', undefined],
    ]);
    expect(JSON.stringify(exported)).not.toMatch(/Ann|Ben|ann-participant|ben-participant/);
  });
});
