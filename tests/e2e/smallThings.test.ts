/**
 * Issue 10's smaller things, as a person meets them: a long paste says it was cut, text typed but not
 * yet added survives a reload, right-to-left text reads right to left, a past due date is questioned,
 * and the print view has the shared ideas.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreatedBoard } from '@sessionboard/shared';
import { MAX_CARD_TEXT_CHARS } from '@sessionboard/shared';
import { createBoard } from '../helpers/server.ts';
import { useStage } from './stage.ts';
import { addCard, card, localLink, openAs, waitForCard } from './people.ts';

describe('smaller things on the board', () => {
  const stage = useStage();
  let board: CreatedBoard;
  let fay: Page;

  beforeAll(async () => {
    board = await createBoard(stage.server.url, { title: 'Small things', team: 'Wrens' });
    fay = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay');
    await fay.getByRole('button', { name: 'Next step →' }).click();
    await fay.getByLabel('New strength', { exact: true }).waitFor();
  });

  it('says when a paste was cut to the card limit, and counts down near it', async () => {
    const box = fay.getByLabel('New strength', { exact: true });
    await box.focus();
    await fay.evaluate((text) => {
      const el = document.activeElement as HTMLTextAreaElement;
      const data = new DataTransfer();
      data.setData('text/plain', text);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      // The browser inserts a real paste itself; an untrusted event does not, so insert what fits.
      el.setRangeText(text.slice(0, el.maxLength), el.selectionStart, el.selectionEnd, 'end');
      el.dispatchEvent(new Event('input', { bubbles: true }));
    }, 'x'.repeat(5000));
    const count = fay.getByTestId('char-count');
    await expect.poll(() => count.textContent()).toContain('3,000 characters did not');
    expect(await count.textContent()).toContain(`0 of ${MAX_CARD_TEXT_CHARS.toLocaleString('en-US')} characters left`);
    await box.fill('');
    expect(await count.count()).toBe(0);
  });

  it('keeps text typed but not yet added across a reload', async () => {
    await fay.getByLabel('New weakness', { exact: true }).fill('Half-written thought about reviews');
    await fay.reload();
    await fay.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
    expect(await fay.getByLabel('New weakness', { exact: true }).inputValue()).toBe('Half-written thought about reviews');
    await fay.getByLabel('New weakness', { exact: true }).press('Enter');
    await waitForCard(fay, 'Half-written thought about reviews');
    await fay.reload();
    await fay.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
    expect(await fay.getByLabel('New weakness', { exact: true }).inputValue()).toBe('');
  });

  it('lays out right-to-left text right to left', async () => {
    await addCard(fay, 'strength', 'نراجع الكود كل يوم');
    await waitForCard(fay, 'نراجع الكود كل يوم');
    const direction = await card(fay, 'نراجع الكود كل يوم').locator('textarea').evaluate((el) => getComputedStyle(el).direction);
    expect(direction).toBe('rtl');
  });

  it('asks about a due date that has already passed', async () => {
    for (let i = 0; i < 3; i++) await fay.getByRole('button', { name: 'Next step →' }).click();
    await fay.getByLabel('New goal', { exact: true }).waitFor();
    await addCard(fay, 'goal', 'Review every PR within a day');
    await waitForCard(fay, 'Review every PR within a day', 'goal');
    const goal = card(fay, 'Review every PR within a day');
    await goal.getByLabel('By when').fill('2020-01-15');
    await expect.poll(() => goal.getByTestId('goal-past-due').count()).toBe(1);
    await goal.getByLabel('By when').fill('2099-01-15');
    await expect.poll(() => goal.getByTestId('goal-past-due').count()).toBe(0);
  });

  it('prints the shared ideas with the rest of the session', async () => {
    await fay.emulateMedia({ media: 'print' });
    await fay.evaluate(() => window.dispatchEvent(new Event('beforeprint')));
    const summary = fay.locator('.print-summary');
    await summary.waitFor();
    expect(await summary.getByRole('heading', { name: 'Shared ideas' }).count()).toBe(1);
    await fay.emulateMedia({ media: 'screen' });
    await fay.evaluate(() => window.dispatchEvent(new Event('afterprint')));
  });
});
