import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreatedBoard } from '@sessionboard/shared';
import { createBoard } from '../helpers/server.ts';
import { useStage } from './stage.ts';
import { addCard, card, cardTexts, localLink, openAs, waitForCard } from './people.ts';

async function onStep(page: Page, title: string): Promise<void> {
  await expect.poll(() => page.locator('#step-title').textContent(), { timeout: 10_000 }).toBe(title);
}

async function nextStep(fay: Page, everyone: Page[], title: string): Promise<void> {
  await fay.getByRole('button', { name: 'Next step →' }).click();
  for (const p of everyone) await onStep(p, title);
}

describe('a group of four runs the whole mentoring agenda', () => {
  const stage = useStage();
  let board: CreatedBoard;
  let fay: Page; // facilitator
  let ann: Page; // member
  let ben: Page; // member
  let mo: Page; // mentor

  beforeAll(async () => {
    board = await createBoard(stage.server.url, { title: 'Sprint 1 mentoring', team: 'Kestrels' });
    fay = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay');
    ann = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ann');
    ben = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ben');
    mo = await openAs(stage.browser, localLink(stage.server.url, board.links.mentor), 'Mo');
  });

  it('step 1: private drafts stay on their author’s page until shared, and survive a reload', async () => {
    for (const p of [fay, ann, ben, mo]) await onStep(p, 'How could mentoring help me?');
    const drafts = ann.getByTestId('drafts');
    for (const text of ['Learn property-based testing', 'Get better at code review']) {
      await drafts.getByRole('textbox').fill(text);
      await drafts.getByRole('textbox').press('Enter');
    }
    await expect.poll(() => drafts.getByTestId('draft').count()).toBe(2);
    await ann.waitForTimeout(500);
    for (const other of [fay, ben, mo]) {
      expect(await other.content()).not.toContain('property-based');
    }
    await drafts.getByTestId('draft').filter({ hasText: 'Get better at code review' }).getByRole('button', { name: 'Share to board' }).click();
    for (const p of [fay, ben, mo]) await waitForCard(p, 'Get better at code review', 'personal');
    expect(await fay.content()).not.toContain('property-based');
    await ann.reload();
    await ann.locator('[data-status="synced"]').waitFor();
    await expect.poll(() => ann.getByTestId('draft').allTextContents()).toEqual([expect.stringContaining('Learn property-based testing')]);
  });

  it('step 2: everyone writes at once; dots are limited by the budget and hidden until revealed', async () => {
    await nextStep(fay, [fay, ann, ben, mo], 'Strengths and weaknesses');
    await Promise.all([
      addCard(ann, 'weakness', 'No code review'),
      addCard(ben, 'weakness', 'Flaky CI pipeline'),
      addCard(fay, 'strength', 'We pair a lot'),
    ]);
    await addCard(ben, 'weakness', 'Unclear sprint goals');
    for (const p of [fay, ann, ben, mo]) {
      await waitForCard(p, 'No code review', 'weakness');
      await waitForCard(p, 'Flaky CI pipeline', 'weakness');
      await waitForCard(p, 'Unclear sprint goals', 'weakness');
      await waitForCard(p, 'We pair a lot', 'strength');
    }

    // The facilitator hides totals before anyone votes.
    await fay.getByRole('button', { name: 'Settings' }).click();
    await fay.getByLabel('Hide vote totals until I reveal them').check();
    await fay.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => ann.getByText('Votes are hidden until the facilitator reveals them.').count()).toBe(1);

    const dot = (p: Page, text: string) => p.getByRole('button', { name: `Add a dot to “${text}”` });
    await dot(ann, 'No code review').click();
    await dot(ann, 'No code review').click();
    await expect.poll(() => card(ann, 'No code review').getByTestId('my-dots').textContent()).toBe('you 2');
    await dot(ann, 'No code review').click();
    await expect.poll(() => ann.getByTestId('toast').allTextContents()).toEqual([expect.stringContaining('At most 2')]);
    await dot(ann, 'Flaky CI pipeline').click();
    await expect.poll(() => ann.getByTestId('dots-left').textContent()).toContain('0 of 3');
    await dot(ann, 'Unclear sprint goals').click();
    await expect.poll(() => ann.getByTestId('toast').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('used all 3')]));
    await dot(ben, 'No code review').click();
    // Nobody sees totals while hidden; the mentor cannot vote at all.
    for (const p of [fay, ann, ben, mo]) expect(await p.getByTestId('vote-total').count()).toBe(0);
    expect(await dot(mo, 'No code review').count()).toBe(0);

    await fay.getByRole('button', { name: 'Reveal votes' }).click();
    for (const p of [fay, ann, ben, mo]) {
      await expect.poll(() => card(p, 'No code review').getByTestId('vote-total').textContent()).toContain('3');
    }
    // Weaknesses sort by votes, with a clear top three.
    await expect.poll(() => cardTexts(mo, 'weakness')).toEqual(['No code review', 'Flaky CI pipeline', 'Unclear sprint goals']);
    expect(await card(mo, 'No code review').locator('.top-badge').textContent()).toBe('Top 1');
  });

  it('step 3: a question points at the weakness it is about, shown on both cards', async () => {
    await nextStep(fay, [fay, ann, ben, mo], 'Discussion points and questions');
    await addCard(ben, 'question', 'How do other teams share reviews?');
    await waitForCard(ann, 'How do other teams share reviews?', 'question');
    const q = card(ben, 'How do other teams share reviews?');
    await q.hover();
    await q.getByRole('button', { name: /About/ }).click();
    await q.getByLabel('No code review').check();
    await expect.poll(() => card(ann, 'How do other teams share reviews?').locator('.chip').textContent()).toContain('about: No code review');
    await expect.poll(() => card(ann, 'No code review').locator('.chip').textContent()).toContain('How do other teams share reviews?');
  });

  it('step 4: the mentor’s note becomes a goal in one action, and the board counts specific goals', async () => {
    await nextStep(fay, [fay, ann, ben, mo], 'Mentoring session');
    await addCard(mo, 'note', 'Set up a review rota');
    await waitForCard(fay, 'Set up a review rota', 'note');
    const question = card(mo, 'How do other teams share reviews?');
    await question.hover();
    await question.getByRole('button', { name: /Make a goal/ }).click();
    const note = card(mo, 'Set up a review rota');
    await note.hover();
    await note.getByRole('button', { name: /Make a goal/ }).click();
    for (const p of [fay, ann, ben]) await waitForCard(p, 'Set up a review rota', 'goal');
    // The goal from the question addresses the weakness the question pointed at.
    await expect.poll(() => card(ann, 'How do other teams share reviews?').and(ann.locator('[data-kind="goal"]')).locator('.chip').textContent()).toContain('why: No code review');
    await expect.poll(() => fay.getByTestId('goal-progress').textContent()).toContain('0 of 3 clear and specific goals');

    const goal = ann.locator('[data-kind="goal"][data-text="Set up a review rota"]');
    await goal.getByLabel('How we will know').fill('Every PR reviewed within one working day');
    await goal.getByLabel('Who').fill('Ben');
    await goal.getByLabel('By when').fill('2026-12-15');
    await expect.poll(() => fay.getByTestId('goal-progress').textContent()).toContain('1 of 3 clear and specific goals');
    await expect.poll(() => fay.locator('[data-kind="goal"][data-text="Set up a review rota"] .ok-hint').count()).toBe(1);
    expect(await fay.locator('[data-kind="goal"][data-text="How do other teams share reviews?"]').getByTestId('goal-hint').textContent()).toContain('how you will know');
  });

  it('step 5: goals break down into backlog items with owners, ticked done on every page', async () => {
    await nextStep(fay, [fay, ann, ben, mo], 'Plan for the next sprint');
    const group = ann.getByTestId('backlog-group').filter({ hasText: 'Set up a review rota' });
    await group.getByRole('textbox', { name: /New backlog item/ }).fill('Draft the rota');
    await group.getByRole('textbox', { name: /New backlog item/ }).press('Enter');
    await group.getByRole('textbox', { name: /New backlog item/ }).fill('Announce it at stand-up');
    await group.getByRole('textbox', { name: /New backlog item/ }).press('Enter');
    for (const p of [fay, ben, mo]) await waitForCard(p, 'Announce it at stand-up', 'backlog');
    await ben.locator('[data-kind="backlog"][data-text="Draft the rota"]').getByLabel('Owner').fill('Ben');
    await ben.locator('[data-kind="backlog"][data-text="Draft the rota"]').getByRole('checkbox').check();
    await expect.poll(() => fay.locator('[data-kind="backlog"][data-text="Draft the rota"]').getByRole('checkbox').isChecked()).toBe(true);
    await expect.poll(() => fay.getByTestId('column-backlog').locator('h3').textContent()).toContain('1/2 done');
    await expect.poll(() => fay.locator('[data-kind="backlog"][data-text="Draft the rota"]').getByLabel('Owner').inputValue()).toBe('Ben');
    // Nothing was lost on the way: every page holds the same cards.
    const all = await Promise.all([fay, ann, ben, mo].map((p) => cardTexts(p)));
    for (const texts of all) expect(texts.sort()).toEqual(all[0]?.sort());
  });
});
