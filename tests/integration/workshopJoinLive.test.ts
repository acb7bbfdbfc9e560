import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkshopPeer } from '../helpers/WorkshopPeer.ts';
import { startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { waitFor } from '../helpers/waitFor.ts';
import { createWorkshop, errorOf, joinWorkshop } from '../helpers/workshopHttp.ts';

/** HTTP joins and the live console of the same server: what one does, the other sees. */
describe('workshop joins and the live console', () => {
  let server: TestServer;
  const open: WorkshopPeer[] = [];
  beforeAll(async () => {
    server = await startServer();
  });
  afterEach(() => {
    for (const p of open.splice(0)) p.close();
  });
  afterAll(async () => server.close());

  it('sends the instructor the people list after a join adds or renames someone', async () => {
    const ws = await createWorkshop(server.url, { title: 'Live', groups: ['Red', 'Blue'] });
    const instructor = await WorkshopPeer.connect(server.url, ws.id, ws.keys.instructor);
    open.push(instructor);
    const ada = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ada', group: 'Blue' });
    await waitFor(() => instructor.people.at(-1)?.some((p) => p.name === 'Ada' && p.group === 'Blue'), 'Ada listed in Blue');
    await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ada L.', participant: ada.body.participant });
    await waitFor(() => instructor.people.at(-1)?.some((p) => p.name === 'Ada L.' && p.group === 'Blue'), 'Ada renamed');
  });

  it('gives someone the instructor moved their new group when they join again, and follows a change of assignment', async () => {
    const ws = await createWorkshop(server.url, { title: 'Moves', groups: ['Red', 'Blue'] });
    const instructor = await WorkshopPeer.connect(server.url, ws.id, ws.keys.instructor);
    open.push(instructor);
    const ada = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ada' });
    expect(ada.body.group).toBe('Red');
    const person = await waitFor(() => instructor.people.at(-1)?.find((p) => p.name === 'Ada'), 'Ada listed');
    expect((await instructor.command({ type: 'participant.move', participant: person.participant, group: 'Blue' })).ok).toBe(true);
    const again = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ada', participant: ada.body.participant, group: 'Red' });
    expect(again.body).toMatchObject({ group: 'Blue', board: ws.groups[1]?.board, key: ws.groups[1]?.keys.member });
    // Once the instructor lets people choose, a newcomer without a group is asked to pick one.
    expect((await instructor.command({ type: 'assignment.set', assignment: 'choose' })).ok).toBe(true);
    const ben = await joinWorkshop(server.url, ws.id, { code: ws.joinCode, name: 'Ben' });
    expect(ben.status).toBe(400);
    expect(errorOf(ben).message).toMatch(/Choose a group/);
  });
});
