// `npm run test:integration:postgres`: the integration suite with every in-process server on
// PostgreSQL (vitest project `integration-postgres`, TEST_STORE=postgres). It needs a PostgreSQL at
// the tests' database (DATABASE_URL, else TEST_DATABASE_URL, else the `test` database on 127.0.0.1);
// when none answers it says so in one line and exits 0, except under CI=true, where that fails.
import { spawn } from 'node:child_process';
import path from 'node:path';
import pg from 'pg';

const url = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = path.resolve(import.meta.dirname, '..');

if (process.env.CI !== 'true') {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
  } catch {
    console.warn(
      `The PostgreSQL run of the integration suite did not run: no PostgreSQL at ${url}. Start one (or set DATABASE_URL to a database you may create schemas in) and run npm run test:integration:postgres.`,
    );
    process.exit(0);
  } finally {
    await client.end().catch(() => undefined);
  }
}

const vitest = path.join(root, 'node_modules', 'vitest', 'vitest.mjs');
const child = spawn(process.execPath, [vitest, 'run', '--project', 'integration-postgres', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, TEST_STORE: 'postgres' },
});
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
