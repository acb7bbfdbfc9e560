import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientAddress } from '../../server/src/security/clientAddress.ts';
import type { TrustProxy } from '../../server/src/security/clientAddress.ts';
import { configFromEnv } from '../../server/src/config.ts';
import { startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';

/** Status codes of `count` wrong join codes sent as if from `forwardedFor`. */
async function wrongJoins(url: string, forwardedFor: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i++) {
    const res = await fetch(`${url}/api/join/YYYY${'23456789'[i % 8]}${'23456789'[Math.floor(i / 8) % 8]}`, {
      headers: { 'x-forwarded-for': forwardedFor },
    });
    statuses.push(res.status);
    await res.arrayBuffer();
  }
  return statuses;
}

describe('TRUST_PROXY', () => {
  it('is read from the environment as Express takes it', () => {
    expect(configFromEnv({}).trustProxy).toBe(false);
    expect(configFromEnv({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(configFromEnv({ TRUST_PROXY: 'true' }).trustProxy).toBe(true);
    expect(configFromEnv({ TRUST_PROXY: 'loopback' }).trustProxy).toBe('loopback');
    expect(() => configFromEnv({ TRUST_PROXY: 'not an address' })).toThrow();
  });

  describe('clientAddress on a bare IncomingMessage', () => {
    let server: http.Server;
    let setting: TrustProxy = false;
    let url = '';
    beforeAll(async () => {
      server = http.createServer((req, res) => res.end(clientAddress(req, { trustProxy: setting })));
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    const ask = async (trust: TrustProxy, xff?: string) => {
      setting = trust;
      return (await fetch(url, xff ? { headers: { 'x-forwarded-for': xff } } : {})).text();
    };

    it('ignores X-Forwarded-For by default and believes it when the proxy is trusted', async () => {
      expect(await ask(false, '203.0.113.7')).toBe('127.0.0.1');
      expect(await ask(1, '203.0.113.7')).toBe('203.0.113.7');
      expect(await ask(1, '198.51.100.1, 203.0.113.7')).toBe('203.0.113.7');
      expect(await ask(2, '198.51.100.1, 203.0.113.7')).toBe('198.51.100.1');
      expect(await ask('loopback', '203.0.113.7')).toBe('203.0.113.7');
      expect(await ask('10.0.0.0/8', '203.0.113.7')).toBe('127.0.0.1');
      expect(await ask(true)).toBe('127.0.0.1');
    });
  });

  describe('off (the default)', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer({ joinBurst: 3, joinPerSecond: 0.01 });
    });
    afterAll(async () => server.close());

    it('counts by the socket address, so a forged X-Forwarded-For does not escape the limit', async () => {
      expect((await wrongJoins(server.url, '203.0.113.1', 5)).slice(3)).toEqual([404, 429]);
      expect(await wrongJoins(server.url, '203.0.113.2', 1)).toEqual([429]);
    });
  });

  describe('on', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startServer({ joinBurst: 3, joinPerSecond: 0.01, trustProxy: 'loopback' });
    });
    afterAll(async () => server.close());

    it('counts by the forwarded address, so one client behind the proxy does not slow another', async () => {
      expect((await wrongJoins(server.url, '203.0.113.1', 5)).slice(3)).toEqual([404, 429]);
      expect(await wrongJoins(server.url, '203.0.113.2', 1)).toEqual([404]);
      expect(await wrongJoins(server.url, '203.0.113.1', 1)).toEqual([429]);
    });
  });
});
