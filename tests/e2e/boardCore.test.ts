import { beforeAll, describe, expect, it } from 'vitest';
import type { CreatedBoard } from '@sessionboard/shared';
import { createBoard } from '../helpers/server.ts';
import { useStage } from './stage.ts';
import { addCard, card, cardTexts, localLink, openAs, waitForCard } from './people.ts';

describe('board core in real browsers', () => {
  const stage = useStage();
  let board: CreatedBoard;

  beforeAll(async () => {
    board = await createBoard(stage.server.url, { title: 'Browser board', team: 'Otters' });
  });

  it('two pages on one board see each other’s new cards, edits and deletions', async () => {
    const fay = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay');
    await fay.getByRole('button', { name: 'Next step →' }).click();
    const ann = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ann');
    await expect.poll(() => ann.getByRole('heading', { name: 'Strengths and weaknesses' }).count()).toBe(1);

    await addCard(ann, 'weakness', 'No code review');
    await waitForCard(fay, 'No code review', 'weakness');
    await addCard(fay, 'strength', 'We pair a lot');
    await waitForCard(ann, 'We pair a lot', 'strength');

    // Edit in place on one page, see it on the other.
    const box = card(fay, 'No code review').locator('textarea');
    await box.click();
    await box.press('End');
    await box.pressSequentially(' yet');
    await waitForCard(ann, 'No code review yet', 'weakness');

    // Delete your own card.
    await card(ann, 'No code review yet').hover();
    await card(ann, 'No code review yet').getByRole('button', { name: /Delete/ }).click();
    await expect.poll(() => cardTexts(fay, 'weakness')).toEqual([]);
    await expect.poll(() => ann.getByTestId('online-list').locator('li').count()).toBe(2);
  });

  it('keeps cards written offline and sends them when the connection is back', async () => {
    const ann = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ann');
    const ben = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ben');
    await ann.context().setOffline(true);
    await expect.poll(() => ann.getByTestId('connection-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('offline');
    await expect(ann.getByTestId('connection-status').textContent()).resolves.toContain('changes are kept');
    await addCard(ann, 'strength', 'Written on the train');
    await ann.context().setOffline(false);
    await expect.poll(() => ann.getByTestId('connection-status').getAttribute('data-status'), { timeout: 30_000 }).toBe('synced');
    await waitForCard(ben, 'Written on the train', 'strength', 20_000);
  });
});
