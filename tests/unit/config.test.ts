import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/src/config.ts';

describe('configuration from the environment', () => {
  it('refuses a large-reply budget below one largest frame a minute: a refused reply would never be taken', () => {
    expect(() => configFromEnv({ MAX_LARGE_SYNC_REPLY_BYTES_PER_MINUTE: '0' })).toThrow(/MAX_LARGE_SYNC_REPLY_BYTES_PER_MINUTE must be at least 1048576, got 0/);
    expect(configFromEnv({ MAX_LARGE_SYNC_REPLY_BYTES_PER_MINUTE: String(2 * 1024 * 1024) }).largeSyncReplyBytesPerMinute).toBe(2 * 1024 * 1024);
    expect(configFromEnv({}).largeSyncReplyBytesPerMinute).toBe(16 * 1024 * 1024);
  });
});
