import express from 'express';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { ERROR_CODES } from '@sessionboard/shared';
import { sendError } from './apiError.ts';

/**
 * A JSON body parser for one route, at most `limit` bytes; a larger body is answered 413 here with
 * this route's own limit (the app's error handler speaks of board exports, the largest body there is).
 */
export function jsonBody(limit: number, what: string): RequestHandler {
  const parse = express.json({ limit });
  return (req: Request, res: Response, next: NextFunction) => {
    parse(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
        sendError(res, 413, ERROR_CODES.tooLarge, `${what} is at most ${Math.round(limit / 1024)} KB.`);
        return;
      }
      next(err);
    });
  };
}

/** What this code reads of a zod issue (zod itself is shared/'s dependency). */
interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  /** The failures of each shape, for a value that matched none of several. */
  errors?: Issue[][];
}

/**
 * The first problem zod found, as `field: message`. For a field that may take several shapes (a count
 * or a list of names), the shape the client sent explains best what is wrong with it.
 */
export function firstIssue(error: { issues: readonly Issue[] }): string {
  let issue = error.issues[0];
  let path: PropertyKey[] = issue?.path ?? [];
  while (issue && issue.code === 'invalid_union') {
    const branches = issue.errors ?? [];
    const fits = branches.find((b) => b[0] && b[0].code !== 'invalid_type') ?? branches[0];
    if (!fits?.[0]) break;
    issue = fits[0];
    path = [...path, ...issue.path];
  }
  if (!issue) return 'malformed body';
  const where = path.map(String).join('.');
  return where ? `${where}: ${issue.message}` : issue.message;
}
