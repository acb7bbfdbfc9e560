/**
 * The start and join pages stay light (issue 10 item 9): compressed, and without the sync libraries
 * (Yjs, Socket.IO, IndexedDB), which load only when a board opens.
 */
import { describe, expect, it } from 'vitest';
import { newPerson } from '../helpers/browser.ts';
import { useStage } from './stage.ts';

describe('light start and join pages', () => {
  const stage = useStage();

  for (const path of ['/', '/join']) {
    it(`${path} loads compressed and without the sync chunk`, async () => {
      const { page, context } = await newPerson(stage.browser, { viewport: { width: 390, height: 844 } });
      const scripts: { url: string; encoding: string | undefined; bytes: number }[] = [];
      page.on('response', (res) => {
        if (!res.url().endsWith('.js')) return;
        const headers = res.headers();
        scripts.push({ url: res.url(), encoding: headers['content-encoding'], bytes: Number(headers['content-length'] ?? 0) });
      });
      await page.goto(stage.server.url + path);
      await page.getByRole('heading').first().waitFor();
      await page.waitForLoadState('networkidle');
      expect(scripts.length).toBeGreaterThan(0);
      expect(scripts.filter((s) => /\/assets\/(sync|BoardRoute)-/.test(s.url)).map((s) => s.url)).toEqual([]);
      // Files under 1 KB are sent as they are (compressing them saves less than the header costs).
      for (const s of scripts) if (s.bytes >= 1024 || s.encoding) expect(s.encoding, s.url).toBe('br');
      expect(scripts.filter((s) => s.encoding === 'br').length).toBeGreaterThan(2);
      const total = scripts.reduce((n, s) => n + s.bytes, 0);
      // React alone is ~60 KB compressed; the whole board bundle is ~150 KB.
      expect(total, `${total} bytes of JavaScript`).toBeLessThan(120 * 1024);
      console.log(`${path}: ${scripts.length} scripts, ${(total / 1024).toFixed(0)} KB of JavaScript (Brotli)`);
      await context.close();
    });
  }

  it('a board still loads its sync code when it opens', async () => {
    const res = await fetch(`${stage.server.url}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'Light' }) });
    const board = (await res.json()) as { id: string; keys: { member: string } };
    const { page, context } = await newPerson(stage.browser, { initScript: "localStorage.setItem('sessionboard:name', 'Ann');" });
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto(`${stage.server.url}/b/${board.id}#key=${board.keys.member}`);
    await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
    expect(urls.some((u) => /\/assets\/sync-/.test(u))).toBe(true);
    await context.close();
  });
});
