import type { Browser, Page } from 'playwright-core';
import { newPerson } from '../helpers/browser.ts';

/** Opens `link` as a person called `name` (remembered name, own storage), and waits until the board is live. */
export async function openAs(
  browser: Browser,
  link: string,
  name: string,
  options: { viewport?: { width: number; height: number }; clockOffsetMs?: number; waitLive?: boolean } = {},
): Promise<Page> {
  const scripts: string[] = [];
  if (name) scripts.push(`localStorage.setItem('sessionboard:name', ${JSON.stringify(name)});`);
  if (options.clockOffsetMs) {
    // This device's clock is wrong by clockOffsetMs: every Date reading is shifted, as on a badly set laptop.
    scripts.push(`(() => {
      const Real = Date; const off = ${options.clockOffsetMs};
      class Shifted extends Real {
        constructor(...a) { if (a.length === 0) super(Real.now() + off); else super(...a); }
        static now() { return Real.now() + off; }
      }
      globalThis.Date = Shifted;
    })();`);
  }
  const { page } = await newPerson(browser, { viewport: options.viewport, initScript: scripts.join('\n') });
  await page.goto(link);
  if (options.waitLive !== false) await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
  return page;
}

/** The path part of an absolute link, so pages load from the test server whatever PUBLIC_URL says. */
export function localLink(url: string, link: string): string {
  return url + link.replace(/^https?:\/\/[^/]+/, '');
}

/** Adds a card of the kind whose add box is labelled `New <noun>`. */
export async function addCard(page: Page, noun: string, text: string): Promise<void> {
  const box = page.getByLabel(`New ${noun}`, { exact: true });
  await box.fill(text);
  await box.press('Enter');
}

/** The texts of every card on the page (card text boxes hold theirs as a value). */
export function cardTexts(page: Page, kind?: string): Promise<string[]> {
  const selector = kind ? `[data-testid="card"][data-kind="${kind}"]` : '[data-testid="card"]';
  return page
    .locator(`${selector} .card-text, ${selector} .backlog-text`)
    .evaluateAll((els) => els.map((e) => ((e as HTMLTextAreaElement).value ?? e.textContent ?? '').trim()));
}

/** Waits until a card with `text` is on the page. */
export async function waitForCard(page: Page, text: string, kind?: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cardTexts(page, kind)).includes(text)) {
    if (Date.now() > deadline) throw new Error(`card "${text}" did not appear; cards: ${JSON.stringify(await cardTexts(page))}`);
    await page.waitForTimeout(50);
  }
}

/** The card element whose text is `text`. */
export function card(page: Page, text: string) {
  return page.locator(`[data-testid="card"][data-text=${JSON.stringify(text)}]`);
}
