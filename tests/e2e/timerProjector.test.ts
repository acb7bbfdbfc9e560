import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { CreatedBoard } from '@sessionboard/shared';
import { artifactPath, newPerson } from '../helpers/browser.ts';
import { createBoard } from '../helpers/server.ts';
import { useStage } from './stage.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { addCard, localLink, openAs, waitForCard } from './people.ts';

/** What a page's timer says, with the real (unshifted) time at which it was read. */
async function readTimer(page: Page): Promise<{ shown: string; leftMs: number; realAt: number }> {
  return page.evaluate(() => {
    const el = document.querySelector('[data-testid="timer"]') as HTMLElement;
    const endsLocal = Number(el.dataset.endsLocal);
    return {
      shown: (el.querySelector('[data-testid="timer-value"]')?.textContent ?? '').trim(),
      // Date is shifted on these pages; performance.timeOrigin + now() is the machine's real clock.
      leftMs: endsLocal - Date.now(),
      realAt: performance.timeOrigin + performance.now(),
    };
  });
}

describe('one shared timer, the projector and join by code', () => {
  const stage = useStage();
  let board: CreatedBoard;

  beforeAll(async () => {
    board = await createBoard(stage.server.url, { title: 'Timer board', team: 'Herons' });
  });

  it('three screens whose clocks are minutes apart show the same remaining time', async () => {
    const fay = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay', { clockOffsetMs: -5 * 60_000 });
    const ann = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ann', { clockOffsetMs: 7 * 60_000 + 431 });
    const ben = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ben');
    await fay.getByRole('button', { name: '▶ Start timer' }).click();
    for (const p of [fay, ann, ben]) await expect.poll(() => p.getByTestId('timer').getAttribute('data-status')).toBe('running');
    // Let each page finish its clock round trips.
    await fay.waitForTimeout(1500);
    const readings = await Promise.all([fay, ann, ben].map(readTimer));
    const t0 = Math.min(...readings.map((r) => r.realAt));
    const atSameInstant = readings.map((r) => r.leftMs - (r.realAt - t0));
    const disagreementMs = Math.max(...atSameInstant) - Math.min(...atSameInstant);
    console.log(`timer disagreement between three screens (clocks -5 min, +7 min, 0): ${disagreementMs.toFixed(1)} ms`);
    expect(disagreementMs).toBeLessThan(250);
    expect(atSameInstant.every((ms) => ms > 170_000 && ms <= 180_000)).toBe(true);
    const shown = new Set(readings.map((r) => r.shown));
    // All read within a few milliseconds: the same second, or neighbours across a tick.
    expect(shown.size).toBeLessThanOrEqual(2);

    // Pause, extend and the last-minute style all reach every screen.
    await fay.getByRole('button', { name: '❚❚ Pause' }).click();
    for (const p of [ann, ben]) await expect.poll(() => p.getByTestId('timer').getAttribute('data-status')).toBe('paused');
    await fay.getByRole('button', { name: '+1 min' }).click();
    await expect.poll(async () => (await ann.getByTestId('timer-value').textContent())?.startsWith('3:')).toBe(true);
  });

  it("shows time's up on every screen at zero, whatever its clock says", async () => {
    const own = await createBoard(stage.server.url, { title: 'Short timebox' });
    const ann = await openAs(stage.browser, localLink(stage.server.url, own.links.member), 'Ann', { clockOffsetMs: 90_000 });
    const ben = await openAs(stage.browser, localLink(stage.server.url, own.links.member), 'Ben', { clockOffsetMs: -120_000 });
    // A two-second timebox through the protocol (the UI offers whole minutes).
    const fay = await SocketPeer.connect(stage.server.url, { board: own.id, key: own.keys.facilitator, name: 'Fay' });
    try {
      const ack = await fay.command({ type: 'timer.start', durationMs: 2000 });
      expect(ack.ok).toBe(true);
      for (const p of [ann, ben]) {
        await p.getByTestId('time-up').waitFor({ timeout: 8000 });
        expect(await p.getByTestId('timer-value').textContent()).toBe('0:00');
        expect(await p.getByTestId('time-up').textContent()).toContain("Time's up");
      }
    } finally {
      fay.close();
    }
  });

  it('projector at 1920×1080: timer, step, join code and QR code on screen without scrolling, following the step', async () => {
    const fay = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay');
    const projector = await openAs(stage.browser, localLink(stage.server.url, board.links.projector), '', { viewport: { width: 1920, height: 1080 }, waitLive: false });
    await projector.getByTestId('projector').waitFor();
    expect(await projector.getByRole('button').count()).toBe(0);
    await fay.getByRole('button', { name: 'Next step →' }).click();
    await expect.poll(() => projector.getByTestId('projector-step').textContent()).toBe('Strengths and weaknesses');
    await addCard(fay, 'weakness', 'Nobody reviews pull requests');
    await addCard(fay, 'weakness', 'Flaky CI pipeline');
    await addCard(fay, 'strength', 'Daily stand-ups work');
    await fay.getByRole('button', { name: /Add a dot to “Nobody reviews/ }).click();
    await expect.poll(() => projector.locator('.pcard').count()).toBe(3);
    // Hidden until revealed (the template's default): the room sees the dots only then.
    await expect.poll(() => projector.getByText('Votes hidden until revealed').count()).toBe(1);
    await fay.getByRole('button', { name: 'Reveal votes' }).click();
    await expect.poll(() => projector.locator('.pdots').first().textContent()).toContain('1');
    const fits = await projector.evaluate(() => ({
      scrollH: document.documentElement.scrollHeight,
      scrollW: document.documentElement.scrollWidth,
      h: innerHeight,
      w: innerWidth,
    }));
    expect(fits.scrollH).toBeLessThanOrEqual(fits.h);
    expect(fits.scrollW).toBeLessThanOrEqual(fits.w);
    for (const testId of ['timer', 'projector-step', 'join-code', 'qr']) {
      const box = await projector.getByTestId(testId).boundingBox();
      expect(box, testId).not.toBeNull();
      expect(box!.y + box!.height, `${testId} bottom`).toBeLessThanOrEqual(1080);
      expect(box!.x + box!.width, `${testId} right`).toBeLessThanOrEqual(1920);
    }
    const timerBox = await projector.getByTestId('timer-value').boundingBox();
    expect(timerBox!.height).toBeGreaterThan(150);
    expect(await projector.getByTestId('join-code').textContent()).toBe(`${board.joinCode.slice(0, 3)}-${board.joinCode.slice(3)}`);
    await projector.screenshot({ path: artifactPath('projector-1920x1080.png') });
  });

  it('joins by the short code from the projector, and says so for a wrong code', async () => {
    const { page } = await newPerson(stage.browser, { initScript: "localStorage.setItem('sessionboard:name', 'Cleo');" });
    await page.goto(`${stage.server.url}/join`);
    await page.getByLabel('Join code').fill('zzz-zzz');
    await page.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Nothing has the code ZZZ-ZZZ');
    const typed = `${board.joinCode.slice(0, 3).toLowerCase()} ${board.joinCode.slice(3)}`;
    await page.getByLabel('Join code').fill(typed);
    await page.getByRole('button', { name: 'Join' }).click();
    await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
    expect(page.url()).toContain(`/b/${board.id}#key=${board.keys.member}`);
    await expect.poll(() => page.getByText('you are team member').count()).toBe(1);
    await waitForCard(page, 'Flaky CI pipeline', 'weakness');
  });
});
