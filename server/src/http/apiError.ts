import type { Response } from 'express';
import type { ErrorCode } from '@sessionboard/shared';

/** Answers `{ error: { code, message } }` with `status`. */
export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ error: { code, message } });
}
