// Browser figures: time to render a board of 300 cards, and the time a vote takes to appear on another page.
// Run after `npm run build`: node --import tsx scripts/measure-ui.ts
import { addCard } from '@sessionboard/shared';
import { launchChromium } from '../tests/helpers/browser.ts';
import { SocketPeer } from '../tests/helpers/SocketPeer.ts';
import { createBoard, startServer } from '../tests/helpers/server.ts';
import { localLink, openAs } from '../tests/e2e/people.ts';

const server = await startServer();
const browser = await launchChromium();
try {
  const board = await createBoard(server.url, { title: '300 cards' });
  const seed = await SocketPeer.connect(server.url, { board: board.id, key: board.keys.facilitator, name: 'Seeder' });
  await seed.command({ type: 'step.goto', step: 1 });
  for (let i = 0; i < 300; i++) {
    addCard(seed.doc, { kind: i % 2 ? 'strength' : 'weakness', text: `Card number ${i} with a sentence of text`, author: 'Seeder', authorId: 'seed' });
  }
  await new Promise((r) => setTimeout(r, 500));
  const renders: number[] = [];
  for (let run = 0; run < 3; run++) {
    const page = await openAs(browser, localLink(server.url, board.links.member), `Reader ${run}`, { waitLive: false });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="card"]').length === 300, undefined, { timeout: 30_000, polling: 'raf' });
    // Milliseconds since the navigation started, as the page itself counts them.
    renders.push(await page.evaluate(() => performance.now()));
    await page.context().close();
  }
  console.log(`300-card board, navigation start to all 300 cards rendered (in-page clock): ${renders.map((r) => r.toFixed(0)).join(', ')} ms`);

  const voter = await openAs(browser, localLink(server.url, board.links.member), 'Voter');
  const watcher = await openAs(browser, localLink(server.url, board.links.member), 'Watcher');
  const weaknesses = await voter.locator('[data-testid="card"][data-kind="weakness"]').evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-text') ?? ''));
  const latencies: number[] = [];
  for (const text of weaknesses) {
    const sel = `[data-testid="card"][data-text="${text}"] [data-testid="vote-total"]`;
    // The watcher notes (on the machine's real clock) when the total it shows changes.
    const seen = watcher.evaluate(
      (s) =>
        new Promise<number>((resolve) => {
          const el = document.querySelector(s) as HTMLElement;
          const before = el.textContent;
          new MutationObserver(() => {
            if (el.textContent !== before) resolve(performance.timeOrigin + performance.now());
          }).observe(el, { childList: true, characterData: true, subtree: true });
        }),
      sel,
    );
    const clickedAt = await voter.evaluate((t) => {
      const button = [...document.querySelectorAll(`[data-testid="card"][data-text="${t}"] button`)].find((b) => b.getAttribute('aria-label')?.startsWith('Add a dot')) as HTMLButtonElement;
      const at = performance.timeOrigin + performance.now();
      button.click();
      return at;
    }, text);
    latencies.push((await seen) - clickedAt);
  }
  console.log(`vote: click on one page to the new total on another (300-card board): ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
  seed.close();
} finally {
  await browser.close();
  await server.close();
}
