import { describe, expect, it } from 'vitest';
import { configFromEnv } from '../../server/src/config.ts';
import { startServer } from '../helpers/server.ts';

describe('METRICS_TOKEN', () => {
  it('puts /metrics behind a bearer token when set; /healthz stays open', async () => {
    const server = await startServer({ metricsToken: 'metrics-secret-123' });
    try {
      const open = await fetch(`${server.url}/metrics`);
      expect(open.status).toBe(401);
      expect(open.headers.get('www-authenticate')).toBe('Bearer');
      expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
      const ok = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer metrics-secret-123' } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toContain('sessionboard_rooms_live');
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    } finally {
      await server.close();
    }
  });

  it('is read from the environment', () => {
    expect(configFromEnv({ METRICS_TOKEN: 'abc' }).metricsToken).toBe('abc');
    expect(configFromEnv({}).metricsToken).toBeUndefined();
  });
});
