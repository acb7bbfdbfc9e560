import pino from 'pino';

/** Structured JSON logs on stdout. */
export type Logger = pino.Logger;

/** A logger at `level` ('silent' in tests). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'sessionboard' } });
}
