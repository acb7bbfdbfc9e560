import express, { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { Role } from '@sessionboard/shared';
import { ERROR_CODES, ROLES, createBoardSchema, idSchema, normaliseJoinCode } from '@sessionboard/shared';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { BoardStore } from '../store/BoardStore.ts';
import { clientAddress } from '../security/clientAddress.ts';
import type { TrustProxy } from '../security/clientAddress.ts';
import type { Limiter, WrongGuesses } from '../security/Limiter.ts';
import { roleForKey } from '../security/keys.ts';
import { createBoard } from '../boards/createBoard.ts';
import type { NewBoard } from '../boards/createBoard.ts';
import { workshopJoinInfo } from '../workshops/workshopViews.ts';
import { sendError } from './apiError.ts';
import { baseUrl, roleLinks } from './links.ts';

/** Deps of the board routes. */
export interface BoardRouteDeps {
  store: BoardStore;
  rooms: RoomManager;
  /** Wrong join codes per address (growing backoff). */
  wrongJoins: WrongGuesses;
  /** Look-ups per right join code, so one room's joins never share an address's small allowance. */
  joinCodeLimiter: Limiter;
  /** Look-ups per right workshop code (key `lookup CODE`): a whole room's worth, shared with workshop joins. */
  workshopJoinLimiter: Limiter;
  createLimiter: Limiter;
  /** Bytes of board exports imported per address (a minute's worth as the burst). */
  importLimiter: Limiter;
  publicUrl: string | undefined;
  /** TRUST_PROXY, for the client address the limits count by. */
  trustProxy: TrustProxy;
  /** Turns a JSON export into a new board's content, or null when the body is not an export. */
  importer?: ((body: unknown) => NewBoard | null) | undefined;
}

/** The largest body `POST /api/boards` reads: a board export (2000 cards of 2000 characters fit). */
export const IMPORT_BODY_LIMIT = 4 * 1024 * 1024;
/** The largest body of a plain board creation (`{ title, team?, template? }`); only an export may be larger. */
export const CREATE_BODY_LIMIT = 16 * 1024;

/** Bodies are parsed only here, after the rate limit, never for routes that take none. */
const parseBody = express.json({
  limit: IMPORT_BODY_LIMIT,
  verify: (req, _res, buf) => {
    (req as Request & { bodyBytes?: number }).bodyBytes = buf.length;
  },
});

function bodyBytes(req: Request): number {
  return (req as Request & { bodyBytes?: number }).bodyBytes ?? 0;
}

/** Whether this request's import bytes were already counted (from its Content-Length, before reading). */
const importCharged = new WeakSet<Request>();

/** `POST /api/boards`, `GET /api/join/CODE` (a board's or a workshop's code), `GET /api/boards/BOARD/info`. */
export function boardRoutes(deps: BoardRouteDeps): Router {
  const router = Router();

  const limitCreates = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const from = clientAddress(req, deps);
    const verdict = await deps.createLimiter.take(from);
    if (!verdict.ok) {
      res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
      sendError(res, 429, ERROR_CODES.rateLimited, 'Too many boards created from this address; wait a minute.');
      return;
    }
    next();
  };

  /** Charges an import's bytes to its address; false (and a 429 sent) when the address has imported enough. */
  const chargeImport = async (req: Request, res: Response, bytes: number): Promise<boolean> => {
    if (importCharged.has(req)) return true;
    const verdict = await deps.importLimiter.take(clientAddress(req, deps), bytes);
    if (verdict.ok) {
      importCharged.add(req);
      return true;
    }
    res.setHeader('Retry-After', String(verdict.retryAfterSeconds));
    sendError(res, 429, ERROR_CODES.rateLimited, 'Too many board imports from this address; wait a minute and try again.');
    return false;
  };

  // A body larger than a plain creation can only be an import: its declared size is charged before it is read.
  const limitImports = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const declared = Number(req.headers['content-length']);
    if (declared > CREATE_BODY_LIMIT && declared <= IMPORT_BODY_LIMIT && !(await chargeImport(req, res, declared))) return;
    next();
  };

  router.post('/api/boards', limitCreates, limitImports, parseBody, async (req: Request, res: Response) => {
    let input: NewBoard | null;
    try {
      input = deps.importer?.(req.body) ?? null;
    } catch (err) {
      sendError(res, 400, ERROR_CODES.invalid, `That board export cannot be imported: ${(err as Error).message}`);
      return;
    }
    if (input && !(await chargeImport(req, res, bodyBytes(req)))) return;
    if (!input && bodyBytes(req) > CREATE_BODY_LIMIT) {
      sendError(res, 413, ERROR_CODES.tooLarge, `A board creation body is at most ${CREATE_BODY_LIMIT / 1024} KB; only a board export (format "sessionboard.board") may be larger.`);
      return;
    }
    if (!input) {
      const parsed = createBoardSchema.safeParse(req.body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        sendError(res, 400, ERROR_CODES.invalid, `A board needs a title (1 to 120 characters)${issue ? `: ${issue.path.join('.') || 'body'} ${issue.message}` : ''}.`);
        return;
      }
      input = parsed.data;
    }
    const record = await createBoard(deps.store, input);
    const base = baseUrl(req, deps.publicUrl);
    res.status(201).json({
      id: record.id,
      joinCode: record.joinCode,
      keys: record.keys,
      links: roleLinks(base, record.id, record.keys),
    });
  });

  router.get('/api/join/:code', async (req: Request, res: Response) => {
    // Only wrong codes count against an address (an attacker guesses; a room behind one NAT does not).
    // While an address waits, every look-up is refused unanswered, so a guess then tells nothing.
    const from = clientAddress(req, deps);
    const wait = await deps.wrongJoins.waitSeconds(from);
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      sendError(res, 429, ERROR_CODES.rateLimited, `Too many wrong join codes from this address; try again in ${wait} s.`);
      return;
    }
    const code = normaliseJoinCode(String(req.params.code ?? ''));
    const board = code ? await deps.store.boardIdByJoinCode(code) : null;
    const record = board ? await deps.store.getBoard(board) : null;
    // One code space: a code that is no board's may be a workshop's (never both, see unusedJoinCode).
    const workshopId = code && !record ? await deps.store.workshopIdByJoinCode(code) : null;
    const workshop = workshopId ? await deps.store.getWorkshop(workshopId) : null;
    if (code && workshop) {
      const key = `lookup ${code}`;
      const verdict = await deps.workshopJoinLimiter.take(key);
      if (!verdict.ok) {
        const retry = verdict.retryAfterSeconds;
        res.setHeader('Retry-After', String(retry));
        sendError(res, 429, ERROR_CODES.rateLimited, `Many people are joining this workshop right now; try again in ${retry} s.`);
        return;
      }
      res.json(await workshopJoinInfo(deps.store, workshop));
      return;
    }
    if (!code || !record) {
      await deps.wrongJoins.fail(from);
      sendError(res, 404, ERROR_CODES.boardNotFound, 'No board or workshop has that code. Check the code on the projector.');
      return;
    }
    const verdict = await deps.joinCodeLimiter.take(code);
    if (!verdict.ok) {
      const retry = verdict.retryAfterSeconds;
      res.setHeader('Retry-After', String(retry));
      sendError(res, 429, ERROR_CODES.rateLimited, `Many people are joining with this code right now; try again in ${retry} s.`);
      return;
    }
    res.json({ board: record.id, key: record.keys.member });
  });

  router.get('/api/boards/:id/info', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const record = idSchema.safeParse(id).success ? await deps.store.getBoard(id) : null;
    if (!record) {
      sendError(res, 404, ERROR_CODES.boardNotFound, 'There is no such board.');
      return;
    }
    const role = roleForKey(record.keys, String(req.query.key ?? ''));
    if (!role) {
      sendError(res, 403, ERROR_CODES.forbidden, 'That key does not open this board.');
      return;
    }
    const visible: readonly Role[] = role === 'facilitator' ? ROLES : ['member', 'projector'];
    res.json({
      id: record.id,
      title: record.title,
      team: record.team,
      joinCode: record.joinCode,
      role,
      links: roleLinks(baseUrl(req, deps.publicUrl), record.id, record.keys, visible),
    });
  });

  return router;
}
