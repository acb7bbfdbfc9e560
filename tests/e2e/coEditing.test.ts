import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreatedBoard } from '@sessionboard/shared';
import { artifactPath } from '../helpers/browser.ts';
import { createBoard } from '../helpers/server.ts';
import { useStage } from './stage.ts';
import { addCard, card, localLink, openAs, waitForCard } from './people.ts';

/** The text box of card `id` (by id: its data-text changes as people type). */
function box(page: Page, id: string) {
  return page.locator(`[data-testid="card"][data-card-id="${id}"] textarea`);
}

function value(page: Page, id: string): Promise<string> {
  return box(page, id).inputValue();
}

/** Clicks into the card's text and puts the caret at `index` with the keyboard, as a person would. */
async function caretAt(page: Page, id: string, index: number): Promise<void> {
  await box(page, id).click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < index; i++) await page.keyboard.press('ArrowRight');
}

async function caretAtEnd(page: Page, id: string): Promise<void> {
  await box(page, id).click();
  await page.keyboard.press('Control+End');
}

async function newStrength(ann: Page, ben: Page, text: string): Promise<string> {
  await addCard(ann, 'strength', text);
  await waitForCard(ben, text, 'strength');
  const id = await card(ann, text).getAttribute('data-card-id');
  if (!id) throw new Error('card has no id');
  return id;
}

describe('two people editing one card at once (C3, C4 in real browsers)', () => {
  const stage = useStage();
  let board: CreatedBoard;
  let ann: Page; // facilitator
  let ben: Page; // member

  beforeAll(async () => {
    board = await createBoard(stage.server.url, { title: 'Co-editing', team: 'Otters' });
    ann = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Ann');
    await ann.getByRole('button', { name: 'Next step →' }).click();
    ben = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ben');
    await ben.getByRole('heading', { name: 'Strengths and weaknesses' }).waitFor();
  });

  it('C5: Ctrl+Z takes back my own typing in a card and leaves what the other person typed meanwhile', async () => {
    const id = await newStrength(ann, ben, 'Pair');
    await caretAtEnd(ann, id);
    await ann.keyboard.type(' on reviews', { delay: 15 });
    await expect.poll(() => value(ben, id)).toBe('Pair on reviews');
    await caretAt(ben, id, 0);
    await ben.keyboard.type('Ben: ', { delay: 15 });
    await expect.poll(() => value(ann, id)).toBe('Ben: Pair on reviews');
    await box(ann, id).focus();
    await ann.keyboard.press('Control+z');
    await expect.poll(() => value(ann, id)).toBe('Ben: Pair');
    await expect.poll(() => value(ben, id)).toBe('Ben: Pair');
    await ann.keyboard.press('Control+Shift+z');
    await expect.poll(() => value(ben, id)).toBe('Ben: Pair on reviews');
  });

  it('C3: a caret stays where it was when someone types before it, and the next word lands there', async () => {
    const id = await newStrength(ann, ben, 'Still: We pair often on hard tickets');
    await caretAt(ann, id, 7);
    await caretAt(ben, id, 0);
    await ben.keyboard.type('Really: ', { delay: 20 });
    await expect.poll(() => value(ann, id)).toBe('Really: Still: We pair often on hard tickets');
    // Ann sees that Ben is in this card, and where his caret is.
    await expect.poll(() => ann.locator(`[data-card-id="${id}"]`).getByTestId('card-editors').textContent()).toContain('Ben is editing');
    await expect.poll(() => ann.locator(`[data-card-id="${id}"] .remote-caret[data-name="Ben"]`).count()).toBe(1);
    await ann.keyboard.type('now ', { delay: 20 });
    const want = 'Really: Still: now We pair often on hard tickets';
    await expect.poll(() => value(ben, id)).toBe(want);
    expect(await value(ann, id)).toBe(want);
    expect(await box(ann, id).evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe('Really: Still: now '.length);
  });

  it('C4: both typing at the same moment, each at their own caret, keep both words intact and agree', async () => {
    const id = await newStrength(ann, ben, 'Still: We pair often on hard tickets');
    await caretAt(ann, id, 7);
    await caretAtEnd(ben, id);
    await Promise.all([ann.keyboard.type('really ', { delay: 35 }), ben.keyboard.type(' together', { delay: 30 })]);
    const want = 'Still: really We pair often on hard tickets together';
    await expect.poll(() => value(ann, id)).toBe(want);
    await expect.poll(() => value(ben, id)).toBe(want);
  });

  it('C4: both typing at the same place at the same moment keep each run whole', async () => {
    const id = await newStrength(ann, ben, 'Owners:');
    await caretAtEnd(ann, id);
    await caretAtEnd(ben, id);
    await Promise.all([ann.keyboard.type(' Ann Smith', { delay: 30 }), ben.keyboard.type(' Ben Jones', { delay: 37 })]);
    await expect.poll(async () => (await value(ann, id)) === (await value(ben, id))).toBe(true);
    const final = await value(ann, id);
    expect(final.length).toBe('Owners:'.length + 20);
    expect(final).toContain(' Ann Smith');
    expect(final).toContain(' Ben Jones');
  });

  it('an IME composition is written once, whole, where it began, even while someone else types', async () => {
    const id = await newStrength(ann, ben, 'Ideas:');
    await caretAtEnd(ann, id);
    const cdp = await ann.context().newCDPSession(ann);
    await cdp.send('Input.imeSetComposition', { text: 'かん', selectionStart: 2, selectionEnd: 2 });
    await cdp.send('Input.imeSetComposition', { text: 'かんじ', selectionStart: 3, selectionEnd: 3 });
    await caretAt(ben, id, 0);
    await ben.keyboard.type('New ', { delay: 20 });
    // Mid-composition nothing of it has been written, and Ben's words are in.
    await expect.poll(() => value(ben, id)).toBe('New Ideas:');
    await cdp.send('Input.insertText', { text: '漢字' });
    const want = 'New Ideas:漢字';
    await expect.poll(() => value(ann, id)).toBe(want);
    await expect.poll(() => value(ben, id)).toBe(want);
    await cdp.detach();
  });

  it('a goal’s Who field typed into by two people at once ends as one whole value on both pages', async () => {
    for (let i = 0; i < 2; i++) await ann.getByRole('button', { name: 'Next step →' }).click();
    await expect.poll(() => ben.getByRole('heading', { name: 'Mentoring session' }).count()).toBe(1);
    await addCard(ann, 'note', 'Review every PR within a day');
    await waitForCard(ben, 'Review every PR within a day', 'note');
    const note = card(ann, 'Review every PR within a day').and(ann.locator('[data-kind="note"]'));
    await note.hover();
    await note.getByRole('button', { name: /Make a goal/ }).click();
    await waitForCard(ben, 'Review every PR within a day', 'goal');
    const goalOf = (p: Page) => p.locator('[data-kind="goal"][data-text="Review every PR within a day"]');
    const whoOf = (p: Page) => goalOf(p).getByLabel('Who');

    await whoOf(ann).click();
    await whoOf(ben).click();
    await expect.poll(() => goalOf(ann).getByTestId('field-editors').textContent()).toContain('Ben is editing');
    await Promise.all([ann.keyboard.type('Ann', { delay: 40 }), ben.keyboard.type('Ben', { delay: 45 })]);
    // Neither draft is touched by the other's typing.
    expect(await whoOf(ann).inputValue()).toBe('Ann');
    expect(await whoOf(ben).inputValue()).toBe('Ben');
    await ann.keyboard.press('Enter');
    await expect.poll(() => goalOf(ben).locator('.field-conflict').count()).toBe(1);
    await ben.keyboard.press('Enter');
    await expect.poll(() => whoOf(ann).inputValue()).toBe('Ben');
    await ann.keyboard.press('Tab');
    await ben.keyboard.press('Tab');
    for (const p of [ann, ben]) await expect.poll(() => whoOf(p).inputValue()).toBe('Ben');
  });

  it('shows, on a laptop and on a phone, who else is in the card and where their caret is', async () => {
    const cleo = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Cleo', { viewport: { width: 390, height: 844 } });
    await addCard(ann, 'note', 'Pairing on the flaky tests helped us find two race conditions');
    await waitForCard(cleo, 'Pairing on the flaky tests helped us find two race conditions', 'note');
    const id = await card(ann, 'Pairing on the flaky tests helped us find two race conditions').getAttribute('data-card-id');
    if (!id) throw new Error('card has no id');
    await box(cleo, id).scrollIntoViewIfNeeded();
    await caretAt(cleo, id, 'Pairing on the '.length);
    await cleo.keyboard.type('hardest ', { delay: 20 });
    await box(ann, id).scrollIntoViewIfNeeded();
    await caretAtEnd(ann, id);
    await ann.keyboard.press('Shift+ArrowLeft');
    for (let i = 0; i < 'race conditions'.length - 1; i++) await ann.keyboard.press('Shift+ArrowLeft');
    for (const [page, other] of [[ann, 'Cleo'], [cleo, 'Ann']] as const) {
      const here = page.locator(`[data-card-id="${id}"]`);
      await expect.poll(() => here.getByTestId('card-editors').textContent()).toContain(`${other} is editing`);
      await expect.poll(() => here.locator(`.remote-caret[data-name="${other}"]`).count()).toBe(1);
    }
    await expect.poll(() => cleo.locator(`[data-card-id="${id}"] .card-text-carets mark`).textContent()).toBe('race conditions');
    await ann.locator(`[data-card-id="${id}"]`).screenshot({ path: artifactPath('coedit-card-1366x850.png') });
    await ann.screenshot({ path: artifactPath('coedit-1366x850.png') });
    await cleo.screenshot({ path: artifactPath('coedit-390x844.png') });
    await cleo.context().close();
  });
});
