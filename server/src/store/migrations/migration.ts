/**
 * A numbered schema migration. Each store applies its list in order at start, each one in its own
 * transaction, and records it in `schema_migrations(version, name, applied_at)`. A migration, once
 * released, is never edited: a change to the schema is a new migration with the next number.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** A row of `schema_migrations`. */
export interface AppliedMigration {
  version: number;
  name: string;
}

/** The DDL of the table that records the applied migrations (the same on both stores). */
export const MIGRATIONS_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL
)`;

/** The highest version in `migrations` (they are checked to be numbered 1, 2, 3… in order). */
export function latestVersion(migrations: readonly Migration[]): number {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migration "${m.name}" is numbered ${m.version}, expected ${i + 1}.`);
  });
  return migrations.length;
}

/**
 * The refusal when the database was migrated by a newer server: this one does not know its schema,
 * so it must not write to it. Undefined when every applied version is known.
 */
export function newerSchemaMessage(applied: readonly AppliedMigration[], migrations: readonly Migration[]): string | undefined {
  const latest = latestVersion(migrations);
  const newest = applied.reduce<AppliedMigration | undefined>((a, b) => (a && a.version >= b.version ? a : b), undefined);
  if (!newest || newest.version <= latest) return undefined;
  return (
    `the database is at schema version ${newest.version} ("${newest.name}"), newer than this server knows ` +
    `(up to ${latest}): a newer version of Sessionboard migrated it. Run that version or a newer one, ` +
    `or restore a backup taken before the upgrade`
  );
}

/** The database was migrated by a newer server (see {@link newerSchemaMessage}). */
export class NewerSchemaError extends Error {}
