import { Router } from 'express';
import { CSV_BOM } from './csvBom.ts';
import type { Request, Response } from 'express';
import type { WorkshopExportInput, WorkshopRole } from '@sessionboard/shared';
import { ERROR_CODES, workshopToCsv, workshopToJson, workshopToMarkdown } from '@sessionboard/shared';
import type { RoomManager } from '../rooms/RoomManager.ts';
import type { BoardStore, WorkshopRecord } from '../store/BoardStore.ts';
import { sendError } from './apiError.ts';
import { FORMATS, fileName, readExportInput } from './exportRoutes.ts';

/** What the export route borrows from the other workshop routes: the store, rooms, and their checks. */
export interface WorkshopExportDeps {
  store: BoardStore;
  rooms: RoomManager;
  loadWorkshop(req: Request, res: Response): Promise<WorkshopRecord | null>;
  roleOf(req: Request, res: Response, workshop: WorkshopRecord, allowed: readonly WorkshopRole[]): WorkshopRole | null;
}

/**
 * `GET /api/workshops/WORKSHOP/export?format=md|csv|json&key=KEY`, with the instructor's or a mentor's
 * key: every group's board in one download. Each board is read through its Room, as a board export
 * is, so hidden vote totals stay hidden here too.
 */
export function workshopExportRoute(deps: WorkshopExportDeps): Router {
  const router = Router();
  router.get('/api/workshops/:id/export', async (req: Request, res: Response) => {
    const workshop = await deps.loadWorkshop(req, res);
    if (!workshop || !deps.roleOf(req, res, workshop, ['instructor', 'mentor'])) return;
    const format = String(req.query.format ?? 'md');
    if (!(format in FORMATS)) return sendError(res, 400, ERROR_CODES.invalid, 'format must be md, csv or json.');
    const input: WorkshopExportInput = { title: workshop.title, exportedAt: Date.now(), groups: [] };
    // One board at a time: a workshop of 50 groups should not load 50 rooms at once for one download.
    for (const g of workshop.groups) {
      const board = await readExportInput(deps.rooms, g.board);
      if (board) input.groups.push({ name: g.name, board });
    }
    const { type, ext } = FORMATS[format as keyof typeof FORMATS];
    const body =
      format === 'md' ? workshopToMarkdown(input) : format === 'csv' ? CSV_BOM + workshopToCsv(input) : JSON.stringify(workshopToJson(input), null, 2);
    res.setHeader('Content-Type', type);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName(workshop.title, ext, 'workshop')}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.send(body);
  });
  return router;
}
