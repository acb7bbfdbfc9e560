import { defineConfig } from 'vitest/config';

const integration = {
  include: ['tests/integration/**/*.test.ts'],
  environment: 'node' as const,
  testTimeout: 30_000,
  hookTimeout: 30_000,
};

/**
 * The integration files left out of the PostgreSQL run (`npm run test:integration:postgres`), each
 * with why: they are about SQLite itself, or start no server through startServer() (TEST_STORE
 * changes nothing for them, and they already run in the SQLite run).
 */
const NOT_ON_POSTGRES = {
  'tests/integration/storeStart.test.ts': 'about SQLite files at start (zero-length, truncated, garbage, unwritable DATA_DIR)',
  'tests/integration/walCheckpointer.test.ts': 'about the SQLite WAL and its checkpoint worker',
  'tests/integration/storeContract.test.ts': 'runs both stores directly, no startServer(); its PostgreSQL half runs in the SQLite run',
  'tests/integration/migrations.test.ts': "runs both stores' migrations directly, no startServer(); its PostgreSQL half runs in the SQLite run",
  'tests/integration/postgres.test.ts': 'already on PostgreSQL: every server it starts passes its own databaseUrl',
  'tests/integration/scaleOut.test.ts': 'already on PostgreSQL (and Redis): every server it starts passes its own databaseUrl',
  'tests/integration/scaleOutFaults.test.ts': 'already on PostgreSQL (and Redis): every server it starts passes its own databaseUrl',
  'tests/integration/postgresRestart.test.ts': 'already on PostgreSQL: a cluster of its own, which it crashes',
  'tests/integration/scaleOutRestarts.test.ts': 'starts a PostgreSQL and a Redis of its own, which it stops and starts again',
  'tests/integration/fuzzQuick.test.ts': 'spawns the built bundle as a process, on SQLite',
  'tests/integration/soakQuick.test.ts': 'spawns the built bundle as a process, on SQLite',
} as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node' },
      },
      {
        test: { name: 'integration', ...integration },
      },
      {
        // The same suite with every in-process server on PostgreSQL (tests/helpers/server.ts reads TEST_STORE).
        test: {
          name: 'integration-postgres',
          ...integration,
          exclude: Object.keys(NOT_ON_POSTGRES),
          env: { TEST_STORE: 'postgres' },
          setupFiles: ['tests/helpers/postgresRun.setup.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          // One Chromium at a time: this machine has two cores.
          fileParallelism: false,
          testTimeout: 90_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
