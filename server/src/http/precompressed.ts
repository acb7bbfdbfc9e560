import fs from 'node:fs';
import path from 'node:path';
import type { NextFunction, Request, Response } from 'express';

/** Encodings the build writes beside each file (scripts/compress-client.mjs), best first. */
const ENCODINGS = [
  { name: 'br', ext: '.br' },
  { name: 'gzip', ext: '.gz' },
] as const;

/** Which of the build's encodings the request accepts (q=0 means refused), best first. */
export function acceptedEncoding(header: string | undefined): (typeof ENCODINGS)[number] | null {
  if (!header) return null;
  const accepted = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) accepted.set(name, q === undefined ? 1 : Number(q));
  }
  const ok = (n: string) => (accepted.get(n) ?? accepted.get('*') ?? 0) > 0;
  return ENCODINGS.find((e) => ok(e.name)) ?? null;
}

/**
 * Sends the build's pre-compressed copy of a file when the client accepts it: `file` is the real
 * file's path. Returns false (nothing sent) when there is no copy or no accepted encoding.
 */
export function sendPrecompressed(req: Request, res: Response, file: string, headers: Record<string, string> = {}): boolean {
  const encoding = acceptedEncoding(req.headers['accept-encoding']);
  res.vary('Accept-Encoding');
  if (!encoding) return false;
  const copy = file + encoding.ext;
  let size: number;
  try {
    size = fs.statSync(copy).size;
  } catch {
    return false;
  }
  res.type(path.extname(file));
  for (const [k, v] of Object.entries(headers)) res.setHeader(k, v);
  res.setHeader('Content-Encoding', encoding.name);
  res.setHeader('Content-Length', String(size));
  if (req.method === 'HEAD') res.end();
  else fs.createReadStream(copy).pipe(res);
  return true;
}

/** Middleware for a static directory: a pre-compressed copy of the asked-for file when there is one. */
export function precompressed(dir: string, headers: Record<string, string>) {
  const root = path.resolve(dir);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    let rel: string;
    try {
      rel = decodeURIComponent(req.path);
    } catch {
      return next(); // express.static answers a malformed path with its 400
    }
    const file = path.resolve(root, `.${rel}`);
    if (!file.startsWith(root + path.sep) || rel.includes('\0')) return next();
    if (!sendPrecompressed(req, res, file, headers)) next();
  };
}
