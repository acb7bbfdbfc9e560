/**
 * The room's screen at the step that matters most (issue 10 item 4): the ranked weaknesses beside
 * questions, notes and goals; each goal's why, measure, owner and due; many long cards fitted, never
 * cut off; and a locked board's screen not inviting anyone to join.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreatedBoard } from '@sessionboard/shared';
import { addCard, makeGoal, setCardText, updateCardFields } from '@sessionboard/shared';
import { artifactPath } from '../helpers/browser.ts';
import { createBoard } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { useStage } from './stage.ts';
import { localLink, openAs } from './people.ts';

describe('the projector at the mentoring step', () => {
  const stage = useStage();
  let board: CreatedBoard;
  let fay: SocketPeer;
  let screen: Page;

  beforeAll(async () => {
    board = await createBoard(stage.server.url, { title: 'Sprint 1 mentoring', team: 'Kestrels' });
    fay = await SocketPeer.connect(stage.server.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' });
    const by = { author: 'Fay', authorId: 'f' };
    const reviews = addCard(fay.doc, { kind: 'weakness', text: 'Pull requests wait days for a review', ...by });
    const ci = addCard(fay.doc, { kind: 'weakness', text: 'The CI pipeline fails at random', ...by });
    addCard(fay.doc, { kind: 'weakness', text: 'Nobody owns the backlog', ...by });
    expect((await fay.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
    for (const card of [ci, ci, reviews]) expect((await fay.command({ type: 'vote.add', card })).ok).toBe(true);
    expect((await fay.command({ type: 'votes.reveal', revealed: true })).ok).toBe(true);
    const goal = makeGoal(fay.doc, ci, by) as string;
    updateCardFields(fay.doc, goal, { measure: 'Nine green runs in ten', owner: 'Ben', due: '2027-01-15' });
    setCardText(fay.doc, goal, 'Make CI reliable'); // makeGoal copies the weakness; a goal says what the group will do
    for (let i = 0; i < 30; i++) {
      addCard(fay.doc, { kind: 'note', text: `Note ${i + 1}: ${'the mentor suggested pairing on reviews and keeping a rota, '.repeat(1 + (i % 3))}`, ...by });
    }
    addCard(fay.doc, { kind: 'question', text: 'How do other teams keep reviews fast?', ...by });
    expect((await fay.command({ type: 'step.goto', step: 3 })).ok).toBe(true);
    screen = await openAs(stage.browser, localLink(stage.server.url, board.links.projector), '', { viewport: { width: 1920, height: 1080 }, waitLive: false });
    await screen.getByText('Mentoring session', { exact: true }).waitFor();

  });

  it('shows the weaknesses ranked with their dots beside questions, notes and goals', async () => {
    for (const kind of ['weakness', 'question', 'note', 'goal']) await screen.getByTestId(`projector-col-${kind}`).waitFor();
    const weaknesses = await screen.getByTestId('projector-col-weakness').locator('.pcard-text').allTextContents();
    expect(weaknesses.slice(0, 2)).toEqual(['Top 1The CI pipeline fails at random', 'Top 2Pull requests wait days for a review']);
    const goal = await screen.getByTestId('projector-col-goal').locator('.pcard').first().textContent();
    expect(goal).toContain('Make CI reliable');
    expect(goal).toContain('Why The CI pipeline fails at random');
    expect(goal).toContain('How we will know Nine green runs in ten');
    expect(goal).toContain('Who Ben');
    expect(goal).toContain('By 2027-01-15');
  });

  it('fits thirty long notes: nothing cut off at the bottom, the rest counted on screen', async () => {
    const notes = screen.getByTestId('projector-col-note');
    await expect.poll(() => notes.getByTestId('projector-more').textContent()).toMatch(/^\+ \d+ more$/);
    const overflow = await screen.evaluate(() =>
      Array.from(document.querySelectorAll('.projector-col ol')).map((ol) => ol.scrollHeight - ol.clientHeight),
    );
    for (const px of overflow) expect(px).toBeLessThanOrEqual(1);
    const more = await notes.getByTestId('projector-more').boundingBox();
    expect(more!.y + more!.height).toBeLessThanOrEqual(1080);
    const shown = await notes.locator('.pcard:not([hidden])').count();
    expect(Number((await notes.getByTestId('projector-more').textContent())!.match(/\d+/)![0]) + shown).toBe(30);
    const page = await screen.evaluate(() => ({ h: document.documentElement.scrollHeight, w: document.documentElement.scrollWidth }));
    expect(page.h).toBeLessThanOrEqual(1080);
    expect(page.w).toBeLessThanOrEqual(1920);
    await screen.screenshot({ path: artifactPath('projector-step4-1920x1080.png') });
  });

  it('does not invite people to join while the board is locked', async () => {
    expect(await screen.getByTestId('join-code').count()).toBe(1);
    expect((await fay.command({ type: 'board.lock', locked: true })).ok).toBe(true);
    await screen.getByTestId('projector-locked').waitFor();
    expect(await screen.getByTestId('join-code').count()).toBe(0);
    expect(await screen.getByTestId('qr').count()).toBe(0);
    await screen.screenshot({ path: artifactPath('projector-locked-1920x1080.png') });
    expect((await fay.command({ type: 'board.lock', locked: false })).ok).toBe(true);
    await screen.getByTestId('join-code').waitFor();
  });
});
