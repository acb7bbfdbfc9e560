/** A refusal from the HTTP API (`{ error: { code, message } }`), or a network failure (`code: 'network'`). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status: number,
    /** Seconds the server asked us to wait (`Retry-After` on a 429), when it said. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Fetches `url` and returns its JSON body, or throws an {@link ApiError} carrying the server's own code
 * and message, so every form can say what went wrong in the server's words rather than "failed".
 */
export async function requestJson<T>(url: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method ?? 'GET',
      ...(init.body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(init.body) }),
    });
  } catch {
    throw new ApiError('Could not reach the server. Check the connection and try again.', 'network', 0);
  }
  const body = (await res.json().catch(() => null)) as (T & { error?: { code?: string; message?: string } }) | null;
  if (res.ok && body !== null) return body;
  const retry = Number(res.headers.get('retry-after'));
  throw new ApiError(
    body?.error?.message ?? `The server answered ${res.status}.`,
    body?.error?.code ?? 'internal',
    res.status,
    Number.isFinite(retry) && retry > 0 ? Math.ceil(retry) : null,
  );
}
