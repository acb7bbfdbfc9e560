import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL tests use DATABASE_URL (`.ci/run` sets it), else the `test` database every machine
 * of this project runs (127.0.0.1:5432, trust auth). Each test server gets a schema of its own,
 * dropped afterwards.
 */
export const TEST_DATABASE_URL = process.env.DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Whether the PostgreSQL suites run: always under CI=true (a missing database is then a failure), and
 * elsewhere when a PostgreSQL answers; when none does, one line says which suite did not run and how.
 */
export async function postgresSuiteRuns(suite: string): Promise<boolean> {
  if (process.env.CI === 'true') return true;
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    return true;
  } catch {
    console.warn(`${suite}: not run, no PostgreSQL at ${TEST_DATABASE_URL}. Start one (or set DATABASE_URL to a database you may create schemas in) to run it.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Fails at once, in one clear line, when no PostgreSQL answers at TEST_DATABASE_URL (every machine of
 * this project runs one; elsewhere, point TEST_DATABASE_URL at any database you may create schemas in).
 */
export async function requirePostgres(): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`The PostgreSQL tests need a PostgreSQL at ${TEST_DATABASE_URL} (set DATABASE_URL to use another): ${(err as Error).message}`, { cause: err });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Why no PostgreSQL answers at `url` (one line), or null when one does. */
export async function postgresUnreachable(url = TEST_DATABASE_URL, ms = 3000): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: ms });
  try {
    await client.connect();
    return null;
  } catch (err) {
    return `no PostgreSQL at ${url} (${(err as Error).message || (err as Error).name})`;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A fresh schema name (created by the store on start). */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${randomBytes(6).toString('hex')}`;
}

/** Drops a test schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  } finally {
    await client.end();
  }
}

/** Runs one query in `schema` (to look at what the store wrote). */
export async function queryIn<T = Record<string, unknown>>(schema: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`SET search_path TO ${schema}`);
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}
