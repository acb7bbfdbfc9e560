/**
 * The board on a phone held in one hand (issue 10 item 3): a compact header, every card's whole text,
 * targets of at least 44 px, a card's actions behind one button, and the step's own columns first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard as addTo } from '@sessionboard/shared';
import { artifactPath } from '../helpers/browser.ts';
import { createBoard } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { useStage } from './stage.ts';
import { card, localLink, openAs } from './people.ts';

const PHONE = { width: 390, height: 844 };

describe('the board on a phone (390×844)', () => {
  const stage = useStage();
  let fay: SocketPeer;
  let ann: Page;

  beforeAll(async () => {
    const board = await createBoard(stage.server.url, { title: 'Sprint 1 mentoring', team: 'Kestrels' });
    fay = await SocketPeer.connect(stage.server.url, { board: board.id, key: board.keys.facilitator, name: 'Fay' });
    const by = { author: 'Fay', authorId: 'f' };
    for (const text of ['We ship small changes every single week', 'Pairing on hard tickets works well for us', 'Good']) addTo(fay.doc, { kind: 'strength', text, ...by });
    for (const text of ['Pull requests wait days for somebody to review them, and then they are merged in a rush on Friday', 'CI is flaky']) {
      addTo(fay.doc, { kind: 'weakness', text, ...by });
    }
    expect((await fay.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
    ann = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ann', { viewport: PHONE });
    await card(ann, 'CI is flaky').waitFor();
  });

  it('keeps the header compact and the page one column wide', async () => {
    const header = await ann.locator('.board-header').boundingBox();
    expect(header!.height).toBeLessThanOrEqual(130);
    const width = await ann.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    await ann.screenshot({ path: artifactPath('phone-board-390x844.png') });
  });

  it('shows every card’s whole text, never cut at one line', async () => {
    const cut = await ann.locator('textarea.card-text').evaluateAll((els) =>
      els.filter((e) => e.scrollHeight > e.clientHeight + 2).map((e) => (e as HTMLTextAreaElement).value),
    );
    expect(cut).toEqual([]);
  });

  it('puts a card’s actions behind one button, and every target in a card is at least 44 px', async () => {
    const weak = card(ann, 'CI is flaky');
    expect(await weak.getByRole('button', { name: 'Move up' }).isVisible()).toBe(false);
    const toggle = weak.getByRole('button', { name: 'Actions for this weakness' });
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await weak.getByRole('button', { name: 'Move up' }).waitFor();
    const small = await weak.locator('button:visible, select:visible').evaluateAll((els) =>
      els.map((e) => ({ name: e.getAttribute('aria-label') ?? e.textContent, ...e.getBoundingClientRect().toJSON() })).filter((b) => b.width < 44 || b.height < 44),
    );
    expect(small).toEqual([]);
    await ann.screenshot({ path: artifactPath('phone-card-actions-390x844.png') });
    await toggle.click();
    expect(await weak.getByRole('button', { name: 'Move up' }).isVisible()).toBe(false);
  });

  it('shows the step’s own columns first and the ones carried over from the step before after them', async () => {
    expect((await fay.command({ type: 'step.goto', step: 2 })).ok).toBe(true);
    await ann.getByTestId('column-question').waitFor();
    const question = await ann.getByTestId('column-question').boundingBox();
    const weakness = await ann.getByTestId('column-weakness').boundingBox();
    expect(question!.y).toBeLessThan(weakness!.y);
  });
});
