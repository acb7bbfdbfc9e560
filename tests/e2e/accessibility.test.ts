/**
 * axe-core on every page and role: the start page, the join page, the board as facilitator, mentor and
 * member at every step of the agenda, and the projector at every step. Serious or critical violations fail.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreatedBoard } from '@sessionboard/shared';
import { MENTORING_SESSION } from '@sessionboard/shared';
import { createBoard } from '../helpers/server.ts';
import { describeViolations, seriousViolations } from '../helpers/axe.ts';
import { artifactPath, newPerson } from '../helpers/browser.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { useStage } from './stage.ts';
import { localLink, openAs } from './people.ts';
import { addCard as addCardTo } from '@sessionboard/shared';

describe('accessibility (axe-core) on every page and role', () => {
  const stage = useStage();
  let board: CreatedBoard;
  let fay: SocketPeer;

  beforeAll(async () => {
    board = await createBoard(stage.server.url, { title: 'Sprint 1 mentoring', team: 'Kestrels' });
    fay = await SocketPeer.connect(stage.server.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' });
    const goal = addCardTo(fay.doc, { kind: 'goal', text: 'Review every PR within a day', author: 'Fay', authorId: 'f', measure: 'median < 24 h', owner: 'Ann', due: '2027-01-15' });
    for (const [kind, text] of [['strength', 'We ship weekly'], ['weakness', 'Reviews take days'], ['question', 'How do you review?'], ['note', 'Pair on reviews'], ['personal', 'Learn TDD']] as const) {
      addCardTo(fay.doc, { kind, text, author: 'Fay', authorId: 'f' });
    }
    addCardTo(fay.doc, { kind: 'backlog', text: 'Set up review rota', author: 'Fay', authorId: 'f', goal, owner: 'Ben' });
  });

  const found: string[] = [];
  async function check(page: Page, where: string): Promise<void> {
    const violations = await seriousViolations(page);
    if (violations.length > 0) found.push(describeViolations(where, violations));
  }

  it('the start page and the join page', async () => {
    const { page, context } = await newPerson(stage.browser, { initScript: "localStorage.setItem('sessionboard:name', 'Ann');" });
    await page.goto(`${stage.server.url}/`);
    await page.getByRole('heading').first().waitFor();
    await check(page, 'start page');
    await page.goto(`${stage.server.url}/join`);
    await page.getByRole('heading').first().waitFor();
    await check(page, 'join page');
    await page.goto(`${stage.server.url}/join/no/such-page`);
    await page.getByRole('heading').first().waitFor();
    await check(page, 'not found page');
    await page.goto(`${stage.server.url}/b/${board.id}#key=not-the-key`);
    await page.getByTestId('refusal').waitFor();
    await check(page, 'refused board link');
    await context.close();
    expect(found.splice(0).join('\n')).toBe('');
  });

  it('the board for every role at every step, and the projector', async () => {
    const pages: [string, Page][] = [
      ['facilitator', await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay', { viewport: { width: 1366, height: 768 } })],
      ['mentor', await openAs(stage.browser, localLink(stage.server.url, board.links.mentor), 'Mo')],
      ['member', await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ann', { viewport: { width: 390, height: 844 } })],
      ['projector', await openAs(stage.browser, localLink(stage.server.url, board.links.projector), '', { viewport: { width: 1920, height: 1080 }, waitLive: false })],
    ];
    for (let step = 0; step < MENTORING_SESSION.steps.length; step++) {
      expect((await fay.command({ type: 'step.goto', step })).ok).toBe(true);
      for (const [role, page] of pages) {
        const title = MENTORING_SESSION.steps[step]!.title;
        const heading = role === 'projector' ? page.getByTestId('projector-step') : page.locator('#step-title');
        await expect.poll(() => heading.textContent(), { timeout: 5000 }).toBe(title);
        await page.waitForTimeout(150);
        await check(page, `${role}, step ${step + 1}`);
        // Every step at the three sizes the room uses, kept to be looked at (tests/artifacts/steps/).
        const size = page.viewportSize();
        await page.screenshot({ path: artifactPath(`steps/step${step + 1}-${role}-${size?.width}x${size?.height}.png`) });
      }
    }
    for (const [, page] of pages) await page.context().close();
    // Every page and step was looked at before failing, so one run lists every violation.
    expect(found.splice(0).join('\n')).toBe('');
  });
});
