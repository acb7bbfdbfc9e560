import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

/** A real server and one Chromium for the tests of a describe block, started before and closed after. */
export function useStage(): { server: TestServer; browser: Browser } {
  const stage = {} as { server: TestServer; browser: Browser };
  beforeAll(async () => {
    stage.server = await startServer();
    stage.browser = await launchChromium();
  });
  afterAll(async () => {
    await stage.browser?.close();
    await stage.server?.close();
  });
  return stage;
}
