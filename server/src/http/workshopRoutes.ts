import { Router } from 'express';
import type { NextFunction, Request, Response } from 'express';
import type { BoardLinks, CreatedWorkshop, WorkshopInfo, WorkshopRole } from '@sessionboard/shared';
import {
  ERROR_CODES,
  MAX_TITLE_CHARS,
  MAX_WORKSHOP_GROUPS,
  RuleError,
  WORKSHOP_ROLES,
  createWorkshopSchema,
  idSchema,
  normaliseJoinCode,
  workshopJoinPath,
  workshopJoinSchema,
  workshopPath,
} from '@sessionboard/shared';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { BoardStore, WorkshopRecord } from '../store/BoardStore.ts';
import { clientAddress } from '../security/clientAddress.ts';
import type { TrustProxy } from '../security/clientAddress.ts';
import type { Limiter, WrongGuesses } from '../security/Limiter.ts';
import { roleAmong, sameSecret } from '../security/keys.ts';
import { workshopParticipantId } from '../security/participants.ts';
import { createWorkshop } from '../workshops/createWorkshop.ts';
import { joinWorkshop } from '../workshops/joinWorkshop.ts';
import { SerialByKey } from '../workshops/SerialByKey.ts';
import { workshopInfo, workshopPeople } from '../workshops/workshopViews.ts';
import { sendError } from './apiError.ts';
import { CREATE_BODY_LIMIT } from './boardRoutes.ts';
import { firstIssue, jsonBody } from './jsonBody.ts';
import { baseUrl, roleLinks } from './links.ts';
import { workshopExportRoute } from './workshopExportRoute.ts';

/** Deps of the workshop routes (the limiters that boards also use are the same instances). */
export interface WorkshopRouteDeps {
  store: BoardStore;
  rooms: RoomManager;
  /** Wrong join codes per address, shared with `GET /api/join/CODE`. */
  wrongJoins: WrongGuesses;
  /** Creations per address, shared with board creation: one token per workshop. */
  createLimiter: Limiter;
  /** Look-ups and joins per workshop code (keys `lookup CODE`, `join CODE`): a room's worth at once. */
  workshopJoinLimiter: Limiter;
  /** Joins per person (workshop-scoped participant id), so one client cannot spend a room's allowance. */
  participantJoinLimiter: Limiter;
  publicUrl: string | undefined;
  trustProxy: TrustProxy;
  /** Called after a join added, renamed or moved someone (the live console lists people). */
  onPeopleChanged?: ((workshop: string) => void) | undefined;
}

/** The largest body of `POST /api/workshops/WORKSHOP/join` (a code, a name, a participant, a group). */
export const JOIN_BODY_LIMIT = 4 * 1024;

/** Which of the workshop's page links each role may see. */
const VISIBLE_LINKS: Record<WorkshopRole, readonly WorkshopRole[]> = {
  instructor: WORKSHOP_ROLES,
  mentor: ['mentor', 'projector'],
  projector: ['projector'],
};

function workshopLinks(base: string, workshop: WorkshopRecord, roles: readonly WorkshopRole[]): WorkshopInfo['links'] {
  const links: WorkshopInfo['links'] = Object.fromEntries(roles.map((r) => [r, base + workshopPath(workshop.id, workshop.keys[r], r)]));
  links.join = base + workshopJoinPath(workshop.joinCode);
  return links;
}

function tooMany(res: Response, retryAfterSeconds: number, message: string): void {
  res.setHeader('Retry-After', String(retryAfterSeconds));
  sendError(res, 429, ERROR_CODES.rateLimited, message);
}

/**
 * `POST /api/workshops`, `GET /api/workshops/WORKSHOP`, `POST /api/workshops/WORKSHOP/join`,
 * `GET /api/workshops/WORKSHOP/people` and `GET /api/workshops/WORKSHOP/export` (DESIGN.md, "Workshops").
 */
export function workshopRoutes(deps: WorkshopRouteDeps): Router {
  const router = Router();
  const serial = new SerialByKey();

  /** The workshop of `:id`, or null with a 404 sent (a malformed id is just as unknown). */
  const loadWorkshop = async (req: Request, res: Response): Promise<WorkshopRecord | null> => {
    const id = String(req.params.id);
    const workshop = idSchema.safeParse(id).success ? await deps.store.getWorkshop(id) : null;
    if (!workshop) sendError(res, 404, ERROR_CODES.workshopNotFound, 'There is no such workshop.');
    return workshop;
  };

  /** The role the `key` query opens, or null with a 403 sent when it opens none of `allowed`. */
  const roleOf = (req: Request, res: Response, workshop: WorkshopRecord, allowed: readonly WorkshopRole[] = WORKSHOP_ROLES): WorkshopRole | null => {
    const role = roleAmong(workshop.keys, WORKSHOP_ROLES, String(req.query.key ?? ''));
    if (role && allowed.includes(role)) return role;
    sendError(res, 403, ERROR_CODES.forbidden, role ? `The ${role}'s key cannot do this.` : 'That key does not open this workshop.');
    return null;
  };

  // The same backoff as `GET /api/join/CODE`: while an address waits, nothing is answered (not even
  // for the right code), so a guess then tells nothing.
  const refuseWhileWaiting = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const wait = await deps.wrongJoins.waitSeconds(clientAddress(req, deps));
    if (wait > 0) {
      res.setHeader('Retry-After', String(wait));
      return sendError(res, 429, ERROR_CODES.rateLimited, `Too many wrong join codes from this address; try again in ${wait} s.`);
    }
    next();
  };

  const limitCreates = async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const verdict = await deps.createLimiter.take(clientAddress(req, deps));
    if (!verdict.ok) return tooMany(res, verdict.retryAfterSeconds, 'Too many boards or workshops created from this address; wait a minute.');
    next();
  };

  router.post('/api/workshops', limitCreates, jsonBody(CREATE_BODY_LIMIT, 'A workshop creation body'), async (req: Request, res: Response) => {
    const parsed = createWorkshopSchema.safeParse(req.body);
    if (!parsed.success) {
      sendError(
        res,
        400,
        ERROR_CODES.invalid,
        `A workshop needs a title (1 to ${MAX_TITLE_CHARS} characters) and groups (a count from 1 to ${MAX_WORKSHOP_GROUPS}, or a list of up to ${MAX_WORKSHOP_GROUPS} different names): ${firstIssue(parsed.error)}.`,
      );
      return;
    }
    let created;
    try {
      created = await createWorkshop(deps.store, parsed.data);
    } catch (err) {
      if (err instanceof RuleError) return sendError(res, 400, err.code, err.message);
      throw err;
    }
    const { record, boards } = created;
    const base = baseUrl(req, deps.publicUrl);
    const body: CreatedWorkshop = {
      id: record.id,
      joinCode: record.joinCode,
      keys: record.keys,
      links: workshopLinks(base, record, WORKSHOP_ROLES) as CreatedWorkshop['links'],
      groups: boards.map(({ record: b }) => ({
        name: b.title,
        board: b.id,
        joinCode: b.joinCode,
        keys: b.keys,
        links: roleLinks(base, b.id, b.keys) as BoardLinks,
      })),
    };
    res.status(201).json(body);
  });

  router.get('/api/workshops/:id', async (req: Request, res: Response) => {
    const workshop = await loadWorkshop(req, res);
    const role = workshop && roleOf(req, res, workshop);
    if (!workshop || !role) return;
    const links = workshopLinks(baseUrl(req, deps.publicUrl), workshop, VISIBLE_LINKS[role]);
    res.json(await workshopInfo(deps.store, workshop, role, links));
  });

  router.get('/api/workshops/:id/people', async (req: Request, res: Response) => {
    const workshop = await loadWorkshop(req, res);
    if (!workshop || !roleOf(req, res, workshop, ['instructor'])) return;
    res.setHeader('Cache-Control', 'no-store');
    res.json(await workshopPeople(deps.store, workshop));
  });

  router.post('/api/workshops/:id/join', refuseWhileWaiting, jsonBody(JOIN_BODY_LIMIT, 'A workshop join body'), async (req: Request, res: Response) => {
    const from = clientAddress(req, deps);
    const parsed = workshopJoinSchema.safeParse(req.body);
    if (!parsed.success) {
      return sendError(res, 400, ERROR_CODES.invalid, `A join needs { code, name, participant?, group? }: ${firstIssue(parsed.error)}.`);
    }
    const workshop = await loadWorkshop(req, res);
    if (!workshop) return;
    const code = normaliseJoinCode(parsed.data.code);
    if (!code || !sameSecret(workshop.joinCode, code)) {
      await deps.wrongJoins.fail(from);
      return sendError(res, 403, ERROR_CODES.forbidden, 'That is not this workshop’s join code. Check the code on the projector.');
    }
    const codeKey = `join ${code}`;
    const forCode = await deps.workshopJoinLimiter.take(codeKey);
    if (!forCode.ok) {
      return tooMany(res, forCode.retryAfterSeconds, 'Many people are joining this workshop right now; try again in a few seconds.');
    }
    const { participant } = parsed.data;
    const personKey = participant ? `${workshop.id} ${workshopParticipantId(workshop.id, participant)}` : null;
    const forPerson = personKey ? await deps.participantJoinLimiter.take(personKey) : null;
    if (forPerson && !forPerson.ok) {
      return tooMany(res, forPerson.retryAfterSeconds, 'You joined this workshop many times in a row; wait a few seconds.');
    }
    try {
      // One join at a time per workshop, each reading the workshop afresh (the instructor may have
      // changed how people are assigned while this one waited); across processes under the store's
      // lock too, or two joins through two processes both find the same group emptiest (8/7/9 of 24).
      const join = async () => joinWorkshop(deps.store, (await deps.store.getWorkshop(workshop.id)) ?? workshop, parsed.data);
      const { joined, changed } = await serial.run(workshop.id, () =>
        deps.store.exclusive ? deps.store.exclusive(`workshop-join:${workshop.id}`, join) : join(),
      );
      if (changed) deps.onPeopleChanged?.(workshop.id);
      res.json(joined);
    } catch (err) {
      if (err instanceof RuleError) return sendError(res, 400, err.code, err.message);
      throw err;
    }
  });

  router.use(workshopExportRoute({ store: deps.store, rooms: deps.rooms, loadWorkshop, roleOf }));
  return router;
}
