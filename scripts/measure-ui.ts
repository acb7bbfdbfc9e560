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
    const started = performance.now();
    const page = await openAs(browser, localLink(server.url, board.links.member), `Reader ${run}`, { waitLive: false });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="card"]').length === 300, undefined, { timeout: 30_000 });
    renders.push(performance.now() - started);
    await page.context().close();
  }
  console.log(`300-card board, navigation to all cards rendered: ${renders.map((r) => r.toFixed(0)).join(', ')} ms`);

  const voter = await openAs(browser, localLink(server.url, board.links.member), 'Voter');
  const watcher = await openAs(browser, localLink(server.url, board.links.member), 'Watcher');
  const weaknesses = await voter.locator('[data-testid="card"][data-kind="weakness"]').evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute('data-text') ?? ''));
  const latencies: number[] = [];
  for (const text of weaknesses) {
    const total = watcher.locator(`[data-testid="card"][data-text="${text}"] [data-testid="vote-total"]`);
    const before = (await total.textContent()) ?? '';
    const started = performance.now();
    await voter.locator(`[data-testid="card"][data-text="${text}"]`).getByRole('button', { name: /Add a dot/ }).click();
    await watcher.waitForFunction(
      ([sel, prev]) => document.querySelector(sel as string)?.textContent !== prev,
      [`[data-testid="card"][data-text="${text}"] [data-testid="vote-total"]`, before],
      { polling: 'raf' },
    );
    latencies.push(performance.now() - started);
  }
  console.log(`vote click on one page to new total on another (300-card board): ${latencies.map((l) => l.toFixed(0)).join(', ')} ms`);
  seed.close();
} finally {
  await browser.close();
  await server.close();
}
