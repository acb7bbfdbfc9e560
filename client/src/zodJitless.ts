/**
 * Imported first by main.tsx, before any schema in `@sessionboard/shared` is built: zod probes whether
 * `new Function` works when a schema is created, and under the server's Content-Security-Policy (no
 * 'unsafe-eval') that probe is reported as a CSP violation on every page load. `jitless` skips it; zod
 * reads its global config from this well-known slot, so the client needs no direct zod import.
 */
const slot = globalThis as { __zod_globalConfig?: Record<string, unknown> };
// Mutate rather than replace: when zod's chunk ran first it already holds a reference to this object.
(slot.__zod_globalConfig ??= {}).jitless = true;
