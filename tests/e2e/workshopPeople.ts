/**
 * The people of the workshop browser test (workshopConsole.test.ts): the instructor who creates a
 * workshop on the start page and opens the console, people joining on phones, and the page checks.
 */
import { expect } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { WorkshopInfo } from '@sessionboard/shared';
import { newPerson } from '../helpers/browser.ts';
import { getJson } from '../helpers/workshopHttp.ts';

export const LAPTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };
export const PROJECTOR = { width: 1920, height: 1080 };
/** How long a poll waits for something to reach a page (vitest's default second is short on a shared two-core machine). */
export const SOON = { timeout: 10_000 };

/** Opens `link` (a workshop view, or the start page) in its own browser context, on a laptop whose clock may be off. */
export async function openWorkshopView(browser: Browser, link: string, viewport: { width: number; height: number }, clockOffsetMs = 0): Promise<Page> {
  // A laptop whose clock is wrong by clockOffsetMs: every Date reading is shifted (as people.ts's openAs does).
  const initScript = clockOffsetMs
    ? `(() => { const Real = Date; const off = ${clockOffsetMs};
        class Shifted extends Real { constructor(...a) { if (a.length === 0) super(Real.now() + off); else super(...a); } static now() { return Real.now() + off; } }
        globalThis.Date = Shifted; })();`
    : undefined;
  const { page } = await newPerson(browser, { viewport, initScript });
  await page.goto(link);
  return page;
}

/** Waits until a page's live view says it is live. */
export async function waitLive(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
}

/** Whether the page scrolls in either direction (a projector must not). */
export async function scrolls(page: Page): Promise<{ x: boolean; y: boolean }> {
  return page.evaluate(() => ({
    x: document.documentElement.scrollWidth > innerWidth,
    y: document.documentElement.scrollHeight > innerHeight,
  }));
}

/** What a phone needs to know to check where it landed: the room's code and the groups' boards. */
export interface WorkshopToJoin {
  joinCode: string;
  groups: readonly { name: string; board: string }[];
}

/** A workshop made on the start page, as its instructor sees it: the links handed out and each group's keys. */
export interface MadeWorkshop extends WorkshopToJoin {
  id: string;
  links: { instructor: string; mentor: string; projector: string };
  groups: { name: string; board: string; facilitatorKey: string; projectorKey: string }[];
}

/**
 * The instructor creates the workshop with the start page's "Run a workshop" form, reads the links it
 * hands out, and opens the console from there (the same page becomes the console).
 */
export async function createOnStartPage(browser: Browser, url: string, title: string, groups: number, clockOffsetMs: number): Promise<{ desk: Page; made: MadeWorkshop }> {
  const desk = await openWorkshopView(browser, `${url}/`, LAPTOP, clockOffsetMs);
  const form = desk.getByRole('form', { name: 'Run a workshop' });
  await form.getByLabel('Workshop title').fill(title);
  await form.getByLabel('Number of groups').fill(String(groups));
  await form.getByRole('button', { name: 'Create workshop' }).click();
  const created = desk.getByTestId('workshop-created');
  await created.waitFor();
  const links = {
    instructor: await created.getByLabel('Instructor console link', { exact: true }).inputValue(),
    mentor: await created.getByLabel('Mentor link', { exact: true }).inputValue(),
    projector: await created.getByLabel('Projector link', { exact: true }).inputValue(),
  };
  const joinCode = ((await created.getByTestId('workshop-join-code').textContent()) ?? '').replace(/[^A-Z0-9]/g, '');
  const id = /\/w\/([A-Za-z0-9_-]+)#/.exec(links.instructor)?.[1] ?? '';
  const keyOf = (link: string) => new URLSearchParams(new URL(link).hash.slice(1)).get('key') ?? '';
  const info = async (link: string) => {
    const res = await getJson<WorkshopInfo>(`${url}/api/workshops/${id}?key=${keyOf(link)}`);
    expect(res.status).toBe(200);
    return res.body;
  };
  const asInstructor = await info(links.instructor);
  const asProjector = await info(links.projector);
  const made: MadeWorkshop = {
    id,
    joinCode,
    links,
    groups: asInstructor.groups.map((g, i) => ({ name: g.name, board: g.board, facilitatorKey: g.key, projectorKey: asProjector.groups[i]!.key })),
  };
  await created.getByRole('link', { name: 'Open the console' }).click();
  return { desk, made };
}

/** A person joining on a phone: the room's code typed at /join, their name, then their group's board. */
export async function joinOnPhone(browser: Browser, url: string, workshop: WorkshopToJoin, name: string): Promise<{ page: Page; board: string; group: string }> {
  const { page } = await newPerson(browser, { viewport: PHONE });
  await page.goto(`${url}/join`);
  await page.getByLabel('Join code').fill(workshop.joinCode.toLowerCase());
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.getByLabel('Your name').fill(name);
  await page.getByRole('button', { name: 'Join', exact: true }).click();
  await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
  const board = /\/b\/([A-Za-z0-9_-]+)#/.exec(page.url())?.[1] ?? '';
  const group = workshop.groups.find((g) => g.board === board)?.name;
  expect(group, `${name} landed on ${page.url()}`).toBeDefined();
  return { page, board, group: group! };
}

/** A group's row in the console. */
export const row = (page: Page, group: string) => page.locator(`[data-testid="group-row"][data-group="${group}"]`);

/** Waits for the workshop projector to show `count` tiles. */
export async function waitForTiles(page: Page, count: number): Promise<void> {
  await page.getByTestId('workshop-projector').waitFor();
  await expect.poll(() => page.getByTestId('projector-tile').count(), { timeout: 10_000 }).toBe(count);
}
