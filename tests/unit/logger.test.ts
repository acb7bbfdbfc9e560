import { describe, expect, it } from 'vitest';
import { createLogger } from '../../server/src/logger.ts';

describe('logs', () => {
  it('never carry keys, URLs with keys, participant secrets or authorization headers', () => {
    const lines: string[] = [];
    const logger = createLogger('info', { write: (line: string) => lines.push(line) });
    logger.info({ url: '/api/boards/b/export?key=SECRETKEY1', key: 'SECRETKEY2', req: { url: '/yjs/b?key=SECRETKEY3', headers: { authorization: 'Bearer SECRETKEY4' } }, auth: { key: 'SECRETKEY5' }, participant: 'SECRETKEY6' }, 'request');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/SECRETKEY/);
    expect(lines[0]).toContain('[redacted]');
  });
});
