import type { CreatedWorkshop, WorkshopJoined } from '@sessionboard/shared';

/** An HTTP answer read once: status, headers and the JSON body (or null when it is not JSON). */
export interface Answer<T = unknown> {
  status: number;
  headers: Headers;
  body: T;
}

async function answer<T>(res: Response): Promise<Answer<T>> {
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** `GET url` through the real HTTP API. */
export async function getJson<T = unknown>(url: string): Promise<Answer<T>> {
  return answer<T>(await fetch(url));
}

/** `POST url` with a JSON body (a string is sent as it is). */
export async function postJson<T = unknown>(url: string, body: unknown): Promise<Answer<T>> {
  return answer<T>(
    await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) }),
  );
}

/** Creates a workshop through the real API; throws unless it answers 201. */
export async function createWorkshop(url: string, body: Record<string, unknown>): Promise<CreatedWorkshop> {
  const res = await postJson<CreatedWorkshop>(`${url}/api/workshops`, body);
  if (res.status !== 201) throw new Error(`workshop creation failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Joins a workshop through the real API (any status; read `status` and `body`). */
export function joinWorkshop(url: string, workshop: string, body: Record<string, unknown>): Promise<Answer<WorkshopJoined>> {
  return postJson<WorkshopJoined>(`${url}/api/workshops/${workshop}/join`, body);
}

/** The `error` of an error answer. */
export function errorOf(res: Answer): { code: string; message: string } {
  return (res.body as { error: { code: string; message: string } }).error;
}
