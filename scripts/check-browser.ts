// Preflight for the browser tests: resolves the browser as they do (CHROME_PATH, a system Chromium, else the
// @sparticuz/chromium devDependency), launches it, opens about:blank and closes it, in seconds and before
// `npm run build`, so a machine where no browser can start fails with one clear line instead of after the build.
import { chromePath, launchChromium } from '../tests/helpers/browser.ts';

const started = performance.now();
let executable = '';
try {
  executable = await chromePath();
  const browser = await launchChromium();
  const version = browser.version();
  const page = await browser.newPage();
  await page.goto('about:blank');
  await browser.close();
  const ms = Math.round(performance.now() - started);
  console.log(`check-browser: Chromium ${version} at ${executable} starts (${ms} ms)`);
} catch (err) {
  const message = err instanceof Error ? err.message : String(err);
  const which = executable ? `${executable} does not start: ` : '';
  console.error(`check-browser: no browser can start for the browser tests: ${which}${message.split('\n')[0]}`);
  process.exit(1);
}
