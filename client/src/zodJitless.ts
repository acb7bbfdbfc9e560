/**
 * Imported first by main.tsx, before any schema in `@sessionboard/shared` is built: zod probes whether
 * `new Function` works when a schema is created, and under the server's Content-Security-Policy (no
 * 'unsafe-eval') that probe is reported as a CSP violation on every page load. `jitless` skips it.
 */
import { z } from 'zod';

z.config({ jitless: true });
