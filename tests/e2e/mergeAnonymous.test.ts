/**
 * Anonymous and merged cards (issue 10 item 7) in real browsers: the facilitator switches on
 * anonymous weaknesses in the settings dialog, a member's new weakness reads "anonymous" on every
 * screen (and carries no author in the document), and two cards are merged from a card's actions
 * with the keyboard alone.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { readBoard } from '@sessionboard/shared';
import { artifactPath } from '../helpers/browser.ts';
import { createBoard } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { useStage } from './stage.ts';
import { addCard, card, cardTexts, localLink, openAs, waitForCard } from './people.ts';

const DESKTOP = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

describe('anonymous weaknesses and merging cards', () => {
  const stage = useStage();
  let watcher: SocketPeer; // a plain Yjs client: sees exactly what the document holds
  let fay: Page; // facilitator, laptop
  let ann: Page; // member, phone

  beforeAll(async () => {
    const board = await createBoard(stage.server.url, { title: 'Sprint 1 mentoring', team: 'Kestrels' });
    watcher = await SocketPeer.connect(stage.server.url, { board: board.id, key: board.keys.facilitator, name: 'Watcher' });
    expect((await watcher.command({ type: 'step.goto', step: 1 })).ok).toBe(true);
    fay = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay', { viewport: DESKTOP });
    ann = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ann', { viewport: PHONE });
  });

  it('the facilitator switches anonymous weaknesses on; a new weakness reads "anonymous" everywhere and has no author in the document', async () => {
    await fay.getByRole('button', { name: 'Settings' }).click();
    await fay.getByLabel('Anonymous weaknesses').check();
    await fay.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => watcher.state?.settings.anonymousWeaknesses).toBe(true);

    await addCard(ann, 'weakness', 'Nobody reviews our code');
    for (const p of [fay, ann]) {
      await waitForCard(p, 'Nobody reviews our code', 'weakness');
      await expect.poll(() => card(p, 'Nobody reviews our code').getByTestId('card-author').textContent()).toBe('anonymous');
    }
    const written = readBoard(watcher.doc).cards.find((c) => c.text === 'Nobody reviews our code');
    expect([written?.author, written?.authorId]).toEqual(['', '']);
    // Editing it announces no one in presence (the name would say who wrote it).
    await card(ann, 'Nobody reviews our code').locator('textarea.card-text').focus();
    await ann.keyboard.press('End');
    await ann.keyboard.type('!');
    await waitForCard(fay, 'Nobody reviews our code!', 'weakness');
    // Presence is sent on focus, before the text, on the same connection: had it named Ann, Fay would show it by now.
    expect(await card(fay, 'Nobody reviews our code!').getByTestId('card-editors').count()).toBe(0);
    await ann.keyboard.press('Backspace');
    await waitForCard(fay, 'Nobody reviews our code', 'weakness');
    // Ann's phone remembers the card as hers, so she may still delete it.
    const mine = card(ann, 'Nobody reviews our code');
    await mine.getByRole('button', { name: 'Actions for this weakness' }).click();
    await mine.getByRole('button', { name: 'Delete this weakness' }).waitFor();
    await mine.getByRole('button', { name: 'Actions for this weakness' }).click();
    await card(fay, 'Nobody reviews our code').scrollIntoViewIfNeeded();
    await fay.screenshot({ path: artifactPath('anonymous-card-1366x768.png') });
    await ann.screenshot({ path: artifactPath('anonymous-card-390x844.png') });
  });

  it('merges two cards from the "Merge into…" menu, with the keyboard', async () => {
    await addCard(fay, 'weakness', 'No code review');
    await waitForCard(ann, 'No code review', 'weakness');

    // The phone's menu, behind the card's ⋯ button.
    const onPhone = card(ann, 'Nobody reviews our code');
    await onPhone.getByRole('button', { name: 'Actions for this weakness' }).click();
    await onPhone.getByRole('button', { name: 'Merge into…' }).click();
    await onPhone.getByRole('button', { name: 'Cancel' }).scrollIntoViewIfNeeded();
    await ann.screenshot({ path: artifactPath('merge-menu-390x844.png') });
    await onPhone.getByRole('button', { name: 'Cancel' }).click();

    const from = card(fay, 'Nobody reviews our code');
    await from.getByRole('button', { name: 'Merge into…' }).focus();
    await fay.keyboard.press('Enter');
    const target = from.getByRole('button', { name: 'Merge into “No code review”' });
    await target.waitFor();
    await from.getByRole('button', { name: 'Cancel' }).scrollIntoViewIfNeeded();
    await fay.screenshot({ path: artifactPath('merge-menu-1366x768.png') });
    await target.focus();
    await fay.keyboard.press('Enter');

    const merged = 'No code review\n\nNobody reviews our code';
    for (const p of [fay, ann]) await expect.poll(() => cardTexts(p, 'weakness')).toEqual([merged]);
    const survivor = readBoard(watcher.doc).cards.filter((c) => c.kind === 'weakness');
    expect(survivor).toHaveLength(1);
    expect(survivor[0]?.mergedFrom).toHaveLength(1);
    expect([survivor[0]?.author, survivor[0]?.authorId, survivor[0]?.mergedAuthors]).toEqual(['', '', []]);
    await expect.poll(() => fay.locator('[data-testid="card"][data-kind="weakness"]').getByTestId('card-author').textContent()).toBe('anonymous');
  });
});
