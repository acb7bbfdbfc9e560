import { Router } from 'express';
import { CSV_BOM } from './csvBom.ts';
import type { Request, Response } from 'express';
import type { ExportInput } from '@sessionboard/shared';
import {
  ERROR_CODES,
  fromJsonExport,
  idSchema,
  importIntoDoc,
  readBoard,
  toCsv,
  toJsonExport,
  toMarkdown,
  totals,
} from '@sessionboard/shared';
import type { NewBoard } from '../boards/createBoard.ts';
import type { RoomManager } from '../rooms/RoomManager.ts';
import { roleForKey } from '../security/keys.ts';
import type { BoardStore } from '../store/BoardStore.ts';
import { sendError } from './apiError.ts';

/** The export formats, with their content type and file extension. */
export const FORMATS = {
  md: { type: 'text/markdown; charset=utf-8', ext: 'md' },
  csv: { type: 'text/csv; charset=utf-8', ext: 'csv' },
  json: { type: 'application/json; charset=utf-8', ext: 'json' },
} as const;

/** A download's file name from a title: lower-case letters, digits and dashes (`fallback` when none are left). */
export function fileName(title: string, ext: string, fallback = 'board'): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || fallback;
  return `${slug}.${ext}`;
}

/** A JSON export posted to `POST /api/boards` becomes a new board with the same cards and settings. */
export function importBoard(body: unknown): NewBoard | null {
  if (typeof body !== 'object' || body === null || (body as { format?: unknown }).format !== 'sessionboard.board') return null;
  const parsed = fromJsonExport(body);
  return {
    title: parsed.meta.title,
    team: parsed.meta.team,
    template: parsed.meta.template,
    settings: parsed.settings,
    fill: (doc) => importIntoDoc(doc, parsed),
  };
}

/**
 * A board as its exports read it, through its Room (loaded if need be): vote totals only while they may
 * be seen (votes not hidden, or revealed), the people who took part (projectors not counted).
 */
export function readExportInput(rooms: RoomManager, id: string): Promise<ExportInput | null> {
  return rooms.withRoom(id, async (room): Promise<ExportInput> => {
    const people = await room.rememberedParticipants();
    const data = room.session.toJSON();
    const s = data.state;
    const votesHidden = s.settings.hideVotes && !s.votesRevealed;
    return {
      board: readBoard(room.doc),
      votes: votesHidden ? {} : totals(data.ledger),
      votesHidden,
      settings: s.settings,
      step: s.step,
      participants: people
        .filter((p) => p.role !== 'projector')
        .map((p) => p.name),
      exportedAt: Date.now(),
    };
  });
}

/** `GET /api/boards/BOARD/export?format=md|csv|json&key=KEY`; any role's key may export. */
export function exportRoutes(store: BoardStore, rooms: RoomManager): Router {
  const router = Router();
  router.get('/api/boards/:id/export', async (req: Request, res: Response) => {
    const id = String(req.params.id);
    const record = idSchema.safeParse(id).success ? await store.getBoard(id) : null;
    if (!record) {
      sendError(res, 404, ERROR_CODES.boardNotFound, 'There is no such board.');
      return;
    }
    if (!roleForKey(record.keys, String(req.query.key ?? ''))) {
      sendError(res, 403, ERROR_CODES.forbidden, 'That key does not open this board.');
      return;
    }
    const format = String(req.query.format ?? 'md');
    if (!(format in FORMATS)) {
      sendError(res, 400, ERROR_CODES.invalid, 'format must be md, csv or json.');
      return;
    }
    const input = await readExportInput(rooms, id);
    if (!input) {
      sendError(res, 404, ERROR_CODES.boardNotFound, 'There is no such board.');
      return;
    }
    const { type, ext } = FORMATS[format as keyof typeof FORMATS];
    const body =
      format === 'md' ? toMarkdown(input) : format === 'csv' ? CSV_BOM + toCsv(input) : JSON.stringify(toJsonExport(input), null, 2);
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(record.title, ext)}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  });
  return router;
}
