import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * The PostgreSQL tests use: TEST_DATABASE_URL, or the `test` database every machine of this project
 * runs (127.0.0.1:5432, trust auth). Each test server gets a schema of its own, dropped afterwards.
 */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A fresh schema name (created by the store on start). */
export function freshSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
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
