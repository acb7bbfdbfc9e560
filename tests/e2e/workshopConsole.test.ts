import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { addCard } from '@sessionboard/shared';
import { artifactPath } from '../helpers/browser.ts';
import { describeViolations, seriousViolations } from '../helpers/axe.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { WorkshopPeer } from '../helpers/WorkshopPeer.ts';
import { createWorkshop, getJson } from '../helpers/workshopHttp.ts';
import { useStage } from './stage.ts';
import { localLink } from './people.ts';
import { LAPTOP, PROJECTOR, SOON, createOnStartPage, joinOnPhone, openWorkshopView, row, scrolls, waitForTiles, waitLive } from './workshopPeople.ts';


describe("the instructor's console, the mentors' view and the workshop projector", () => {
  const stage = useStage();

  it('a class of 3 groups made on the start page: 6 people join by code on phones (the join page), one is moved, step 2 for everyone from the console, a hand goes up and a mentor acknowledges it', async () => {
    const url = stage.server.url;
    // The instructor's laptop clock is 7 minutes fast: the console's timers must still show server time.
    const { desk, made: workshop } = await createOnStartPage(stage.browser, url, 'Research software mentoring', 3, 7 * 60_000);
    const groupNames = workshop.groups.map((g) => g.name);
    expect(groupNames).toEqual(['Group 1', 'Group 2', 'Group 3']);
    await waitLive(desk);
    expect(new URL(desk.url()).pathname).toBe(`/w/${workshop.id}`);
    await expect.poll(() => desk.getByTestId('group-row').count(), SOON).toBe(3);
    expect(await desk.getByTestId('workshop-join-code').textContent()).toBe(`${workshop.joinCode.slice(0, 3)}-${workshop.joinCode.slice(3)}`);

    // Six people join by the room's code (balanced: two a group), each on a phone.
    const names = ['Ann', 'Ben', 'Cleo', 'Dev', 'Eli', 'Fay'];
    const phones: { page: Page; board: string; group: string }[] = [];
    for (const name of names) phones.push(await joinOnPhone(stage.browser, url, workshop, name));
    for (const group of groupNames) await expect.poll(() => row(desk, group).getAttribute('data-online'), { timeout: 10_000 }).toBe('2');
    await expect.poll(() => desk.getByTestId('online-total').textContent(), SOON).toBe('6');
    // The people list, grouped by group, arrives with the joins.
    await desk.getByRole('tab', { name: /People/ }).click();
    await expect.poll(() => desk.getByTestId('person').count(), SOON).toBe(6);
    for (const group of groupNames) expect(await desk.locator(`[data-testid="person"][data-group="${group}"]`).count()).toBe(2);

    // The instructor moves Fay to another group: the list says so and her phone follows to that group's board.
    const fay = phones[5]!;
    const target = workshop.groups.find((g) => g.name !== fay.group)!;
    const fayRow = desk.getByTestId('person').filter({ hasText: 'Fay' });
    await fayRow.getByLabel('Move Fay to…').selectOption(target.name);
    await fayRow.getByRole('button', { name: 'Move' }).click();
    await expect.poll(() => desk.getByTestId('person').filter({ hasText: 'Fay' }).getAttribute('data-group'), SOON).toBe(target.name);
    await expect.poll(() => fay.page.url(), SOON).toContain(`/b/${target.board}#`);
    await fay.page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
    phones[5] = { ...fay, board: target.board, group: target.name };

    // Cards written on the boards show up as counts.
    const groupOf = (name: string) => phones.find((p) => p.group === name)!;
    const writer = await SocketPeer.connect(url, { board: workshop.groups[0]!.board, key: workshop.groups[0]!.facilitatorKey, name: 'Fay' });
    try {
      addCard(writer.doc, { kind: 'weakness', text: 'Nobody reviews pull requests', author: 'Ann', authorId: 'ann-public' });
      addCard(writer.doc, { kind: 'weakness', text: 'Flaky CI', author: 'Ann', authorId: 'ann-public' });
      addCard(writer.doc, { kind: 'question', text: 'How do other teams review code?', author: 'Ann', authorId: 'ann-public' });
      await expect.poll(() => row(desk, 'Group 1').locator('.chip-weakness').textContent(), { timeout: 10_000 }).toContain('2');
    } finally {
      writer.close();
    }

    // Step 2 (index 1) for every group, from the console.
    await desk.getByTestId('step-picker').selectOption('1');
    await desk.getByRole('button', { name: 'Go to step 2' }).click();
    await expect.poll(() => desk.getByTestId('command-outcome').textContent(), SOON).toContain('done in all 3 groups');
    for (const { page } of phones) await expect.poll(() => page.locator('#step-title').textContent(), SOON).toBe('Strengths and weaknesses');
    for (const group of groupNames) await expect.poll(() => row(desk, group).getAttribute('data-step'), SOON).toBe('1');
    expect(await row(desk, 'Group 1').getByTestId('group-step').textContent()).toContain('Strengths and weaknesses');

    // The whole class's timer, started from the console, runs on every row.
    await desk.getByRole('button', { name: '▶ Start timer' }).click();
    for (const group of groupNames) await expect.poll(() => row(desk, group).getByTestId('group-timer').getAttribute('data-status'), SOON).toBe('running');
    // Step 2's five minutes, counting down, whatever the laptop's clock says (once the clock offset is measured).
    await expect.poll(() => row(desk, 'Group 1').locator('.ws-timer-value').textContent(), SOON).toMatch(/^4:[45]\d$/);
    const first = await row(desk, 'Group 1').locator('.ws-timer-value').textContent();
    await expect.poll(() => row(desk, 'Group 1').locator('.ws-timer-value').textContent(), { timeout: 3000 }).not.toBe(first);

    // Group 2 raises its hand from a member's phone.
    const caller = groupOf('Group 2');
    await caller.page.getByRole('button', { name: 'Call a mentor' }).click();
    // A board client that watches the hand through session:state (what every board screen renders).
    const watcher = await SocketPeer.connect(url, { board: caller.board, key: workshop.groups[1]!.projectorKey, name: 'Screen' });
    try {
      await expect.poll(() => watcher.state?.help.requested, { timeout: 10_000 }).toBe(true);
      await expect.poll(() => row(desk, 'Group 2').getAttribute('data-hand'), { timeout: 10_000 }).toBe('up');
      await desk.locator('[data-testid="hand"][data-group="Group 2"]').waitFor();

      // The mentors' view shows it, with every group's priorities.
      const mentor = await openWorkshopView(stage.browser, localLink(url, workshop.links.mentor), LAPTOP);
      await waitLive(mentor);
      await mentor.locator('[data-testid="hand"][data-group="Group 2"]').waitFor();
      await expect.poll(() => mentor.getByTestId('priority-card').count(), SOON).toBe(3);
      await expect
        .poll(() => mentor.locator('[data-testid="priority-card"][data-group="Group 1"]').textContent(), { timeout: 10_000 })
        .toContain('Nobody reviews pull requests');
      await mentor.screenshot({ path: artifactPath('workshop-mentor.png') });
      await desk.screenshot({ path: artifactPath('workshop-console.png') });

      // A mentor acknowledges it: the hand goes down on the board and on the console.
      await mentor.getByRole('button', { name: 'Acknowledge Group 2' }).click();
      await expect.poll(() => watcher.state?.help.requested, { timeout: 10_000 }).toBe(false);
      await expect.poll(() => row(desk, 'Group 2').getAttribute('data-hand'), { timeout: 10_000 }).toBe('down');
      await expect.poll(() => mentor.getByTestId('hand').count(), SOON).toBe(0);
      // The member's board offers the button again: the hand is down there too.
      await expect.poll(() => caller.page.getByRole('button', { name: 'Call a mentor' }).count(), SOON).toBe(1);
    } finally {
      watcher.close();
    }

    // The room's screen shows every group as a tile, with nothing to click.
    const projector = await openWorkshopView(stage.browser, localLink(url, workshop.links.projector), PROJECTOR);
    await waitForTiles(projector, 3);
    expect(await projector.getByRole('button').count()).toBe(0);
    expect(await projector.locator('[data-testid="projector-tile"][data-group="Group 2"]').getAttribute('data-hand')).toBe('down');
    expect(await projector.getByTestId('join-code').textContent()).toBe(`${workshop.joinCode.slice(0, 3)}-${workshop.joinCode.slice(3)}`);
    expect(await scrolls(projector)).toEqual({ x: false, y: false });
    await projector.screenshot({ path: artifactPath('workshop-projector-3-groups.png') });

    // What the instructor hands out: the code with its QR, the mentors' and the projector's links.
    await desk.getByRole('tab', { name: 'Hand out' }).click();
    expect(await desk.getByTestId('mentor-link').getAttribute('href')).toBe(workshop.links.mentor);
    expect(await desk.getByTestId('projector-link').getAttribute('href')).toBe(workshop.links.projector);
    await desk.screenshot({ path: artifactPath('workshop-console-handout.png') });
  });

  it('a refusal by one board is named by group; a notice reaches every board and the projector; assignment, mentors and exports from the side panel; a wrong key is refused', async () => {
    const url = stage.server.url;
    const workshop = await createWorkshop(url, { title: 'Refusals', groups: ['Herons', 'Kestrels'] });
    const wrong = await openWorkshopView(stage.browser, `${url}/w/${workshop.id}#key=not-the-key&view=instructor`, LAPTOP);
    await expect.poll(() => wrong.getByTestId('refusal').textContent(), SOON).toContain('This link does not open the workshop');

    const desk = await openWorkshopView(stage.browser, localLink(url, workshop.links.instructor), LAPTOP);
    await waitLive(desk);
    await expect.poll(() => desk.getByTestId('group-row').count(), SOON).toBe(2);
    // Kestrels' board has only one step: going to step 3 is refused there, and said so by name.
    const kestrels = await SocketPeer.connect(url, { board: workshop.groups[1]!.board, key: workshop.groups[1]!.keys.facilitator, name: 'Kim' });
    try {
      const ack = await kestrels.command({ type: 'settings.update', settings: { steps: [{ title: 'Only step', durationMs: 60_000 }] } });
      expect(ack.ok, JSON.stringify(ack)).toBe(true);
    } finally {
      kestrels.close();
    }
    await desk.getByTestId('step-picker').selectOption('2');
    await desk.getByRole('button', { name: 'Go to step 3' }).click();
    const outcome = desk.getByTestId('command-outcome');
    await expect.poll(() => outcome.getAttribute('role'), SOON).toBe('alert');
    expect(await outcome.textContent()).toContain('done in 1 of 2 groups');
    expect(await desk.getByTestId('refusal-group').textContent()).toContain('Kestrels');

    // Lock and unlock every board, and reveal votes everywhere, from the same bar.
    await desk.getByRole('button', { name: 'Lock all' }).click();
    await expect.poll(() => desk.locator('[data-testid="group-row"] .ws-lock').count(), SOON).toBe(2);
    await expect.poll(() => desk.getByTestId('command-outcome').textContent(), SOON).toContain('Lock the boards: done in all 2 groups');
    await desk.getByRole('button', { name: 'Unlock all' }).click();
    await expect.poll(() => desk.locator('[data-testid="group-row"] .ws-lock').count(), SOON).toBe(0);
    await desk.getByRole('button', { name: 'Reveal votes' }).click();
    await expect.poll(() => desk.getByRole('button', { name: 'Hide votes' }).count(), SOON).toBe(1);

    // A notice, counted to 280 characters, shown on the boards and the projector; then cleared.
    const noticeBox = desk.getByLabel('Notice to every board');
    await noticeBox.fill('Back in the main room at 11:30');
    expect(await desk.locator('#ws-notice-count').textContent()).toBe(`${280 - 30} left`);
    // From the keyboard: Enter posts it.
    await noticeBox.press('Enter');
    await expect.poll(() => desk.getByTestId('current-notice').textContent(), SOON).toContain('Back in the main room at 11:30');
    const screen = await SocketPeer.connect(url, { board: workshop.groups[0]!.board, key: workshop.groups[0]!.keys.projector, name: 'Screen' });
    const projector = await openWorkshopView(stage.browser, localLink(url, workshop.links.projector), PROJECTOR);
    try {
      await expect.poll(() => screen.state?.notice?.message, SOON).toBe('Back in the main room at 11:30');
      await expect.poll(() => projector.getByTestId('projector-notice').textContent(), SOON).toBe('Back in the main room at 11:30');
      await desk.getByRole('button', { name: 'Clear' }).click();
      await expect.poll(() => screen.state?.notice ?? null, SOON).toBeNull();
      await expect.poll(() => projector.getByTestId('projector-notice').count(), SOON).toBe(0);
    } finally {
      screen.close();
    }

    // Newcomers choose their group: the room's code now offers the groups.
    await desk.getByRole('tab', { name: 'Hand out' }).click();
    // The radio follows the server's state, so it turns on when the command is acknowledged, not on the click.
    await desk.getByLabel('Let people choose their group').click();
    await expect.poll(async () => (await getJson<{ assignment: string }>(`${url}/api/join/${workshop.joinCode}`)).body.assignment, SOON).toBe('choose');
    await expect.poll(() => desk.getByLabel('Let people choose their group').isChecked(), SOON).toBe(true);

    // Mentors typed in the console: the server's proposal comes back as a schedule.
    await desk.getByRole('tab', { name: 'Mentors' }).click();
    await desk.getByLabel('Mentors, one per line').fill('Ada\nGrace, Linus');
    await desk.getByRole('button', { name: 'Propose rotation' }).click();
    await expect.poll(() => desk.getByTestId('rotation').textContent(), SOON).toContain('Herons 0–25 min');
    expect(await desk.getByTestId('rotation').textContent()).toContain('Linus');

    // The side panel's tabs follow the arrow keys (the ARIA tabs pattern); the whole workshop's exports,
    // from the console's links (the instructor's key in the query).
    await desk.getByRole('tab', { name: 'Mentors' }).click();
    await desk.keyboard.press('ArrowRight');
    await expect.poll(() => desk.getByRole('tab', { name: 'Export' }).getAttribute('aria-selected'), SOON).toBe('true');
    expect(await desk.evaluate(() => document.activeElement?.textContent)).toBe('Export');
    for (const [format, expected] of [
      ['md', 'Herons'],
      ['csv', 'group,id,kind,text'],
      ['json', 'sessionboard.workshop'],
    ] as const) {
      const href = await desk.getByTestId(`export-${format}`).getAttribute('href');
      const res = await desk.request.get(url + href!);
      expect(res.status(), format).toBe(200);
      expect(await res.text(), format).toContain(expected);
    }
  });

  it('workshop projector at 1920×1080 with 30 groups: every tile on screen, readable, no scrollbars; the console and the rotation at 1366×768; no serious axe-core violation in any of the three views', async () => {
    const url = stage.server.url;
    const workshop = await createWorkshop(url, { title: 'Research software mentoring, spring cohort', groups: 30 });
    const instructor = await WorkshopPeer.connect(url, workshop.id, workshop.keys.instructor);
    const peers: SocketPeer[] = [];
    try {
      // A class in motion: most groups on step 2, some behind or ahead, timers running, goals at different counts.
      expect((await instructor.command({ type: 'all.step.goto', step: 1 })).ok).toBe(true);
      for (const [i, step] of [
        [3, 0],
        [7, 2],
        [12, 3],
        [20, 3],
      ] as const) {
        const g = workshop.groups[i]!;
        const fac = await SocketPeer.connect(url, { board: g.board, key: g.keys.facilitator, name: 'Fac' });
        peers.push(fac);
        expect((await fac.command({ type: 'step.goto', step })).ok).toBe(true);
        for (let k = 0; k < i % 4; k++) {
          addCard(fac.doc, { kind: 'goal', text: `Goal ${k + 1}`, measure: 'a number', owner: 'Ann', due: 'Friday', author: 'Fac', authorId: 'fac-public' });
        }
      }
      expect((await instructor.command({ type: 'all.timer.start' })).ok).toBe(true);
      for (const i of [4, 17, 26]) {
        const g = workshop.groups[i]!;
        const member = await SocketPeer.connect(url, { board: g.board, key: g.keys.member, name: 'Member' });
        peers.push(member);
        expect((await member.command({ type: 'help.request', requested: true })).ok).toBe(true);
      }
      expect((await instructor.command({ type: 'notice', message: 'Mentors are on their way: have your top three weaknesses ready' })).ok).toBe(true);
      expect((await instructor.command({ type: 'rotation.set', mentors: ['Ada', 'Grace', 'Linus', 'Margaret', 'Guido'] })).ok).toBe(true);

      const projector = await openWorkshopView(stage.browser, localLink(url, workshop.links.projector), PROJECTOR);
      await waitForTiles(projector, 30);
      await expect.poll(() => projector.locator('[data-testid="projector-tile"][data-hand="up"]').count(), { timeout: 10_000 }).toBe(3);
      await projector.getByTestId('projector-notice').waitFor();
      await projector.getByTestId('projector-rotation').waitFor();
      await projector.screenshot({ path: artifactPath('workshop-projector-1920x1080.png') });
      const projectorA11y = await seriousViolations(projector);
      expect(projectorA11y, describeViolations('workshop projector', projectorA11y)).toEqual([]);
      expect(await scrolls(projector)).toEqual({ x: false, y: false });
      expect(await projector.getByRole('button').count()).toBe(0);
      // Every tile on screen, and nothing inside a tile cut off (name, step, time, goals).
      const tiles = await projector.getByTestId('projector-tile').evaluateAll((els) =>
        els.map((e) => ({
          box: e.getBoundingClientRect().toJSON() as DOMRect,
          clipped: e.scrollHeight > e.clientHeight + 1 || e.scrollWidth > e.clientWidth + 1,
        })),
      );
      for (const { box, clipped } of tiles) {
        expect(box.bottom).toBeLessThanOrEqual(PROJECTOR.height);
        expect(box.right).toBeLessThanOrEqual(PROJECTOR.width);
        expect(clipped).toBe(false);
      }
      // Step titles whole, not cut after a word ("Strengths and…"): they take two lines when tiles are narrow.
      const stepsCut = await projector.locator('.ws-tile-step').evaluateAll((els) => els.filter((e) => e.scrollHeight > e.clientHeight + 1).map((e) => e.textContent));
      expect(stepsCut).toEqual([]);
      const rotationClipped = await projector.getByTestId('projector-rotation').evaluate((e) => e.scrollHeight > e.clientHeight + 1);
      expect(rotationClipped).toBe(false);
      // From 10 m: group names and times at least 32 and 48 px high, the join code 60.
      const sizes = await projector.evaluate(() => ({
        name: parseFloat(getComputedStyle(document.querySelector('.ws-tile-name')!).fontSize),
        timer: parseFloat(getComputedStyle(document.querySelector('.ws-tile .ws-timer')!).fontSize),
        code: parseFloat(getComputedStyle(document.querySelector('.ws-p-code')!).fontSize),
      }));
      expect(sizes.name).toBeGreaterThanOrEqual(32);
      expect(sizes.timer).toBeGreaterThanOrEqual(48);
      expect(sizes.code).toBeGreaterThanOrEqual(60);

      // The console with 30 groups at a laptop's size: the rows scroll inside the table, the page does not.
      const desk = await openWorkshopView(stage.browser, localLink(url, workshop.links.instructor), LAPTOP);
      await waitLive(desk);
      await expect.poll(() => desk.getByTestId('group-row').count(), SOON).toBe(30);
      expect(await scrolls(desk)).toEqual({ x: false, y: false });
      // Every column fits the laptop's width (no sideways scrolling inside the table), and so do the raised hands.
      const overflowing = await desk
        .locator('.ws-table-wrap, .ws-hand-list li, .ws-side')
        .evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => `${e.className} ${e.scrollWidth}>${e.clientWidth}`));
      expect(overflowing).toEqual([]);
      // Sorted by the hand waiting longest, the raised hands come first, oldest first.
      await desk.getByLabel('Sort').selectOption('hand');
      await expect.poll(() => desk.getByTestId('group-row').first().getAttribute('data-group'), SOON).toBe('Group 5');
      await desk.getByLabel('Hands up').check();
      await expect.poll(() => desk.getByTestId('group-row').count(), SOON).toBe(3);
      await desk.getByLabel('Hands up').uncheck();
      await desk.getByRole('tab', { name: 'Mentors' }).click();
      await desk.getByTestId('rotation').waitFor();
      await desk.screenshot({ path: artifactPath('workshop-console-30.png') });
      const consoleA11y = await seriousViolations(desk);
      expect(consoleA11y, describeViolations('console', consoleA11y)).toEqual([]);

      // A mentor who picks their name reads where they are when.
      const mentor = await openWorkshopView(stage.browser, localLink(url, workshop.links.mentor), LAPTOP);
      await waitLive(mentor);
      await mentor.getByLabel('I am').selectOption('Grace');
      await expect.poll(() => mentor.getByTestId('my-slots').textContent(), SOON).toContain('You’re with Group 2 from 0–4:10 min');
      await mentor.screenshot({ path: artifactPath('workshop-mentor-30.png') });
      const mentorA11y = await seriousViolations(mentor);
      expect(mentorA11y, describeViolations('mentor view', mentorA11y)).toEqual([]);
    } finally {
      for (const p of peers) p.close();
      instructor.close();
    }
  });
});
