import { createApp } from './app.ts';
import { configFromEnv } from './config.ts';

const startedAt = performance.now();
const config = configFromEnv();
let app: ReturnType<typeof createApp>;
try {
  app = createApp(config);
} catch (err) {
  // One clear line for whoever starts it, not a stack trace: a bad store or configuration.
  console.error(`Sessionboard cannot start: ${(err as Error).message}`);
  process.exit(1);
}
// The last resort: every handler turns bad input into a refusal, but should one ever throw outside
// them, one request must not stop every board on the server. Log it loudly and keep serving.
process.on('uncaughtException', (err) => app.logger.fatal({ err }, 'uncaught exception; still serving'));
process.on('unhandledRejection', (err) => app.logger.fatal({ err }, 'unhandled rejection; still serving'));
let port: number;
try {
  port = await app.listen(config.port, config.host);
} catch (err) {
  console.error(`Sessionboard cannot start: ${(err as Error).message}`);
  await app.close().catch(() => undefined);
  process.exit(1);
}
app.logger.info(
  { port, host: config.host ?? '(all)', dataDir: config.dataDir, startMs: Math.round(performance.now() - startedAt) },
  `Sessionboard listening on http://${config.host ?? 'localhost'}:${port}`,
);

let stopping = false;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    app.logger.info({ signal }, 'shutting down: flushing boards');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        app.logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}
