/**
 * Setup of the PostgreSQL run of the integration suite (`npm run test:integration:postgres`): after
 * each test file, the schemas its servers stored in are dropped. Not on close, because a test that
 * restarts a server on the same data directory expects the same boards back.
 */
import { afterAll } from 'vitest';
import { dropTestSchemas } from './server.ts';

afterAll(dropTestSchemas);
