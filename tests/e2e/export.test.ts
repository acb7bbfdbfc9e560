import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createBoard } from '../helpers/server.ts';
import { useStage } from './stage.ts';
import { addCard, localLink, openAs } from './people.ts';

describe('taking the results home from the board page', () => {
  const stage = useStage();


  it('a member downloads the Markdown report from the board', async () => {
    const board = await createBoard(stage.server.url, { title: 'Download me', team: 'Wrens' });
    const fay = await openAs(stage.browser, localLink(stage.server.url, board.links.facilitator), 'Fay');
    await fay.getByRole('button', { name: 'Next step →' }).click();
    // Votes are hidden until revealed (the template's default); revealed, the report counts them.
    await fay.getByRole('button', { name: 'Reveal votes' }).click();
    const ann = await openAs(stage.browser, localLink(stage.server.url, board.links.member), 'Ann');
    await addCard(ann, 'weakness', 'Nobody owns the backlog');
    await ann.getByRole('button', { name: 'Share & export' }).click();
    const [download] = await Promise.all([ann.waitForEvent('download'), ann.getByRole('link', { name: 'Markdown report' }).click()]);
    expect(download.suggestedFilename()).toBe('download-me.md');
    const file = await download.path();
    const md = fs.readFileSync(file, 'utf8');
    expect(md).toContain('# Download me');
    expect(md).toContain('**Team:** Wrens');
    expect(md).toContain('- Nobody owns the backlog (0 dots)');
  });
});
