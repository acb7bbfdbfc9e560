/** The start page at 1366×768: right after creating a board, its facilitator link is on screen. */
import { describe, expect, it } from 'vitest';
import { artifactPath, newPerson } from '../helpers/browser.ts';
import { useStage } from './stage.ts';

describe('the start page on a laptop', () => {
  const stage = useStage();

  it('shows "Open as facilitator" above the fold at 1366×768 as soon as the board exists', async () => {
    const { page, context } = await newPerson(stage.browser, { viewport: { width: 1366, height: 768 }, initScript: "localStorage.setItem('sessionboard:name', 'Fay');" });
    await page.goto(`${stage.server.url}/`);
    await page.getByLabel('Board title').fill('Sprint 1 mentoring');
    await page.getByRole('button', { name: 'Create board' }).click();
    const open = page.getByRole('link', { name: 'Open as facilitator' });
    await open.waitFor();
    const box = await open.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(768);
    await page.screenshot({ path: artifactPath('start-created-1366x768.png') });
    await open.click();
    await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
    await context.close();
  });
});
