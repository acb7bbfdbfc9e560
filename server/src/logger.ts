import pino from 'pino';

/** Structured JSON logs on stdout. */
export type Logger = pino.Logger;

/**
 * Fields that may carry a board key or another secret (keys ride in query strings on `/info`,
 * `/export` and `/yjs`); they never reach a log line.
 */
const REDACTED_PATHS = ['key', '*.key', 'url', '*.url', 'participant', '*.participant', '*.headers.authorization', '*.headers.cookie', 'auth', '*.auth'];

/** A logger at `level` ('silent' in tests), writing to stdout unless given a destination. */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options = { level, base: { service: 'sessionboard' }, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}
