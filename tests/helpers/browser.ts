import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Where @sparticuz/chromium's browser is inflated: a folder of this project's own, one per package version. */
const CACHE_ROOT = path.resolve(import.meta.dirname, '../../node_modules/.cache/sessionboard-chromium');

/**
 * The browser for the tests, in this order: CHROME_PATH; a system Chromium (/usr/bin/chromium,
 * /usr/bin/chromium-browser); else the Chromium shipped in the @sparticuz/chromium devDependency, inflated
 * once into node_modules/.cache/sessionboard-chromium/<version>/. A clear error (never a skip) when none works.
 */
export async function chromePath(): Promise<string> {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!fs.existsSync(fromEnv)) throw new Error(`CHROME_PATH is set to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const system = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  if (system) return system;
  return bundledChromium();
}

/**
 * Inflates @sparticuz/chromium's bin/chromium.br (the executable) and bin/swiftshader.tar.br (its software GL
 * libraries, loaded from the executable's folder) into the versioned cache folder. The package's own
 * executablePath() always inflates into os.tmpdir(), shared by every project and version, so this does it
 * here instead: into a temporary sibling first, renamed into place when complete, so an interrupted or
 * concurrent inflation never leaves a half-written browser behind.
 */
async function bundledChromium(): Promise<string> {
  let pkgDir: string;
  try {
    pkgDir = path.resolve(path.dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..');
  } catch {
    throw new Error(
      'Browser tests need Chromium and none was found: CHROME_PATH is unset, there is no /usr/bin/chromium, ' +
        'and the @sparticuz/chromium devDependency is not installed. Run `npm install` (or point CHROME_PATH ' +
        'at a Chromium or Chrome binary).',
    );
  }
  const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')) as { version: string };
  const dir = path.join(CACHE_ROOT, version);
  const executable = path.join(dir, 'chromium');
  if (fs.existsSync(executable)) return executable;

  const bin = path.join(pkgDir, 'bin');
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  try {
    await pipeline(
      fs.createReadStream(path.join(bin, 'chromium.br')),
      zlib.createBrotliDecompress(),
      fs.createWriteStream(path.join(partial, 'chromium'), { mode: 0o755 }),
    );
    await untarBrotli(path.join(bin, 'swiftshader.tar.br'), partial);
    try {
      fs.renameSync(partial, dir);
    } catch (err) {
      // Another process finished first; its copy is as good as ours.
      if (!fs.existsSync(executable)) throw err;
    }
  } finally {
    fs.rmSync(partial, { recursive: true, force: true });
  }
  return executable;
}

/**
 * Extracts a brotli-compressed tarball into dir with the system's tar, from a decompressed file: piped into
 * tar's stdin, tar could stop reading at the archive's end marker before the stream's padding was written,
 * and the pipe failed with "Premature close" (seen once in CI, on a fresh clone's first inflation).
 */
async function untarBrotli(file: string, dir: string): Promise<void> {
  const tarFile = path.join(dir, '.inflating.tar');
  await pipeline(fs.createReadStream(file), zlib.createBrotliDecompress(), fs.createWriteStream(tarFile));
  try {
    const tar = spawn('tar', ['-x', '-f', tarFile, '-C', dir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    tar.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      tar.once('error', reject);
      tar.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar failed on ${file} (exit ${code}): ${stderr.trim()}`))));
    });
  } finally {
    fs.rmSync(tarFile, { force: true });
  }
}

/** Launches headless Chromium with a fresh profile. */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: await chromePath(), args: FLAGS, headless: true });
}

/** A new page in its own context (its own storage, like a separate person's device). */
export async function newPerson(
  browser: Browser,
  options: { viewport?: { width: number; height: number }; initScript?: string } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: options.viewport ?? { width: 1366, height: 850 } });
  if (options.initScript) await context.addInitScript(options.initScript);
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw new Error(`page error: ${err.message}`);
  });
  return { context, page };
}

/** Where browser tests keep screenshots as artifacts. */
export function artifactPath(name: string): string {
  const dir = path.resolve(import.meta.dirname, '../artifacts');
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, name);
}
