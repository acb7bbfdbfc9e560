import type { IncomingMessage } from 'node:http';
// proxy-addr is what Express itself uses for `req.ip`, so both agree on every TRUST_PROXY value.
import proxyaddr from 'proxy-addr';

/** TRUST_PROXY as Express's `trust proxy` takes it: off, on (every hop), a hop count, or addresses/subnets. */
export type TrustProxy = boolean | number | string;

type TrustFn = (address: string, hop: number) => boolean;

const compiled = new Map<TrustProxy, TrustFn>();

/** The trust function for `setting`, as Express compiles it (cached: a setting is compiled once). */
function trustFn(setting: TrustProxy): TrustFn {
  let fn = compiled.get(setting);
  if (!fn) {
    if (setting === true) fn = () => true;
    else if (setting === false) fn = () => false;
    else if (typeof setting === 'number') fn = (_a, hop) => hop < setting;
    else fn = proxyaddr.compile(setting.split(',').map((s) => s.trim()).filter(Boolean));
    compiled.set(setting, fn);
  }
  return fn;
}

/**
 * The client's address for rate limits and logs: the socket's peer, or, when `config.trustProxy`
 * trusts it, the address X-Forwarded-For names (as Express's `req.ip` would). Works on a bare
 * IncomingMessage, so Socket.IO handshakes and `/yjs` upgrades get the same answer as HTTP routes.
 */
export function clientAddress(req: IncomingMessage, config: { trustProxy: TrustProxy }): string {
  if (config.trustProxy === false) return req.socket.remoteAddress ?? 'unknown';
  return proxyaddr(req, trustFn(config.trustProxy)) || 'unknown';
}

/** Parses TRUST_PROXY: unset, '', 'false' or '0' is off; 'true' every hop; digits a hop count; else addresses. */
export function parseTrustProxy(value: string | undefined): TrustProxy {
  const v = (value ?? '').trim();
  if (v === '' || v === 'false' || v === '0') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) return Number(v);
  // Fail at start, not on the first request, when an address list is malformed.
  proxyaddr.compile(v.split(',').map((s) => s.trim()).filter(Boolean));
  return v;
}
