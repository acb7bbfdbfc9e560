import type { Request } from 'express';
import type { Role } from '@sessionboard/shared';
import { ROLES, boardPath } from '@sessionboard/shared';

/** The base URL links are made from: PUBLIC_URL, or the address the request came in on. */
export function baseUrl(req: Request, publicUrl: string | undefined): string {
  return publicUrl ?? `${req.protocol}://${req.get('host') ?? 'localhost'}`;
}

/** The page URL for each role (only `roles`). */
export function roleLinks(base: string, board: string, keys: Record<Role, string>, roles: readonly Role[] = ROLES): Partial<Record<Role, string>> {
  return Object.fromEntries(roles.map((r) => [r, base + boardPath(board, keys[r], r)]));
}
