/**
 * The "others unreachable" banner across real processes: two server processes (the built bundle, as
 * `npm start` runs it) on a PostgreSQL and a Redis of this test's own (tests/helpers/privateServices.ts),
 * a board page on each. Redis is killed: both pages say so; an edit on one page during the outage waits;
 * Redis comes back: the banner goes and the edit reaches the other page. Screenshots of the banner at
 * desktop and phone size go to SHOTS_DIR (default tests/artifacts/).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { artifactPath, launchChromium } from '../helpers/browser.ts';
import { createBoard } from '../helpers/server.ts';
import { spawnServer } from '../helpers/spawnServer.ts';
import type { ServerProcess } from '../helpers/spawnServer.ts';
import { freshSchema } from '../helpers/postgres.ts';
import { PrivatePostgres, PrivateRedis, privateServicesSuiteRuns, requirePrivateServices, stopPrivateServices } from '../helpers/privateServices.ts';
import { addCard, cardTexts, localLink, openAs, waitForCard } from './people.ts';

const suite = 'tests/e2e/othersUnreachable.test.ts';
const runs = privateServicesSuiteRuns(suite);

function shot(name: string): string {
  const dir = process.env.SHOTS_DIR;
  if (!dir) return artifactPath(name);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}

/** Whether two boxes overlap. */
function overlap(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** The banner's box must not sit on top of any control the page shows (it is in the flow, not over it). */
async function coversNothing(page: Page): Promise<string[]> {
  const banner = await page.getByTestId('others-unreachable').boundingBox();
  if (!banner) throw new Error('no banner');
  const covered: string[] = [];
  for (const control of await page.locator('button:visible, input:visible, textarea:visible, select:visible, a:visible').all()) {
    const box = await control.boundingBox();
    if (box && box.width > 0 && overlap(banner, box)) covered.push((await control.getAttribute('aria-label')) ?? (await control.innerText()).slice(0, 40));
  }
  return covered;
}

describe.runIf(runs)('the others-unreachable banner across two processes', () => {
  let redis: PrivateRedis;
  let postgres: PrivatePostgres;
  let browser: Browser;
  const children: ServerProcess[] = [];

  beforeAll(async () => {
    requirePrivateServices(suite);
    [redis, postgres] = await Promise.all([PrivateRedis.start(), PrivatePostgres.create()]);
    const env = { DATABASE_URL: postgres.url, DATABASE_SCHEMA: freshSchema(), REDIS_URL: redis.url };
    children.push(...(await Promise.all([spawnServer(env, 'bundle'), spawnServer(env, 'bundle')])));
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
    await Promise.all([redis?.stop(), postgres?.destroy()]);
    // Whatever a start that failed half-way left running.
    stopPrivateServices();
  });

  it('appears on both pages while Redis is dead, goes when it is back, and an edit made meanwhile reaches the other page', async () => {
    const [a, b] = children as [ServerProcess, ServerProcess];
    const board = await createBoard(a.url, { title: 'Outage', team: 'Wrens' });
    const ann = await openAs(browser, localLink(a.url, board.links.facilitator), 'Ann', { viewport: { width: 1366, height: 768 } });
    await ann.getByRole('button', { name: 'Next step →' }).click();
    const ben = await openAs(browser, localLink(b.url, board.links.member), 'Ben', { viewport: { width: 390, height: 844 } });
    await ben.getByRole('heading', { name: 'Strengths and weaknesses' }).waitFor();
    await addCard(ann, 'strength', 'before the outage');
    await waitForCard(ben, 'before the outage', 'strength');
    await expect.poll(() => ann.getByTestId('others-unreachable').count()).toBe(0);

    await redis.kill();
    for (const page of [ann, ben]) {
      const banner = page.getByTestId('others-unreachable');
      await banner.waitFor({ timeout: 10_000 });
      expect(await banner.innerText()).toMatch(/cannot reach the others.*nothing is lost/s);
      expect(await banner.getAttribute('role')).toBe('status');
    }
    await addCard(ann, 'strength', 'written during the outage');
    await waitForCard(ann, 'written during the outage', 'strength');
    await ann.screenshot({ path: shot('others-unreachable-1366x768.png') });
    await ben.screenshot({ path: shot('others-unreachable-390x844.png') });
    // On the phone the banner pushes the board down rather than lying over its controls.
    expect(await coversNothing(ben)).toEqual([]);
    expect(await coversNothing(ann)).toEqual([]);
    await ben.waitForTimeout(1000);
    expect(await cardTexts(ben, 'strength')).not.toContain('written during the outage');

    await redis.start();
    for (const page of [ann, ben]) await page.getByTestId('others-unreachable').waitFor({ state: 'detached', timeout: 10_000 });
    await waitForCard(ben, 'written during the outage', 'strength', 10_000);
    await expect.poll(() => ben.getByTestId('toast').allInnerTexts()).toContainEqual(expect.stringMatching(/Connected to every server again/));
    // And the link is live again, in the other direction too.
    await addCard(ben, 'weakness', 'after the return');
    await waitForCard(ann, 'after the return', 'weakness');
  });
});
