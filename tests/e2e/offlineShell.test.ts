/**
 * Reloading while offline (issue 10 item 6): the service worker serves the app shell, and the board
 * shows the cards cached on this device, saying it is offline, instead of the browser's error page.
 */
import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/server.ts';
import { useStage } from './stage.ts';
import { addCard, localLink, openAs, waitForCard } from './people.ts';

describe('offline reload', () => {
  const stage = useStage();

  it('reloads a board with no network from the cached shell and this device’s copy of the cards', async () => {
    const board = await createBoard(stage.server.url, { title: 'Offline', team: 'Wrens' });
    const fay = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay');
    await fay.getByRole('button', { name: 'Next step →' }).click();
    await addCard(fay, 'strength', 'Written before the Wi-Fi went');
    await waitForCard(fay, 'Written before the Wi-Fi went');
    await fay.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // A page the worker controls: reload once online so the shell and every asset are cached.
    await fay.reload();
    await fay.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
    expect(await fay.evaluate(() => navigator.serviceWorker.controller !== null)).toBe(true);

    await fay.context().setOffline(true);
    await fay.reload();
    await waitForCard(fay, 'Written before the Wi-Fi went', undefined, 15_000);
    expect(await fay.getByTestId('connection-status').getAttribute('data-status')).not.toBe('synced');
    await fay.context().setOffline(false);
    await fay.locator('[data-testid="connection-status"][data-status="synced"]').waitFor({ timeout: 20_000 });
  });
});
