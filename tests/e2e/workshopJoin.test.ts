import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import type { CreatedWorkshop, WorkshopJoinInfo } from '@sessionboard/shared';
import { formatJoinCode } from '@sessionboard/shared';
import { publicParticipantId, workshopParticipantId } from '../../server/src/security/participants.ts';
import { artifactPath, launchChromium } from '../helpers/browser.ts';
import { describeViolations, seriousViolations } from '../helpers/axe.ts';
import { createBoard, startServer } from '../helpers/server.ts';
import type { TestServer } from '../helpers/server.ts';
import { SocketPeer } from '../helpers/SocketPeer.ts';
import { WorkshopPeer } from '../helpers/WorkshopPeer.ts';
import { localLink, openAs } from './people.ts';
import { useStage } from './stage.ts';

const TITLE = 'RSE course, day 3';
const PHONE = { width: 390, height: 844 };
const NAMES = ['Ann', 'Ben', 'Cleo', 'Dee', 'Eli', 'Fay'];
/** How long a change may take to reach another page (expect.poll's own default is one second). */
const SOON = { timeout: 10_000 };

/** A phone of its own (own storage), as the people in the room hold them. */
async function phone(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw new Error(`page error: ${err.message}`);
  });
  return page;
}

/** No serious or critical accessibility violation on the page as it is now (axe-core, as accessibility.test.ts). */
async function accessible(page: Page, where: string): Promise<void> {
  const found = await seriousViolations(page);
  expect(found, describeViolations(where, found)).toEqual([]);
}

async function live(page: Page): Promise<void> {
  await page.locator('[data-testid="connection-status"][data-status="synced"]').waitFor();
}

/** The group a board page is (a workshop's group boards are titled with the group's name). */
async function groupOf(page: Page): Promise<string> {
  const title = page.locator('.board-title h1');
  await expect.poll(() => title.textContent(), { timeout: 10_000 }).not.toBe('Sessionboard');
  return (await title.textContent()) ?? '';
}

/** The workshop's id and the key of one of its links (`/w/ID#key=KEY&view=ROLE`). */
function parseWorkshopLink(link: string): { id: string; key: string; view: string } {
  const url = new URL(link);
  const hash = new URLSearchParams(url.hash.slice(1));
  return { id: url.pathname.split('/')[2] ?? '', key: hash.get('key') ?? '', view: hash.get('view') ?? '' };
}

/** Fills and sends the start page's workshop form; resolves to the server's answer. */
async function createOnStartPage(
  page: Page,
  fill: (form: Locator) => Promise<void>,
  shot?: string,
): Promise<CreatedWorkshop> {
  const form = page.getByRole('form', { name: 'Run a workshop' });
  await fill(form);
  if (shot) {
    await page.screenshot({ path: artifactPath(shot), fullPage: true });
    await accessible(page, 'start page, workshop form');
  }
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/workshops') && r.request().method() === 'POST');
  await form.getByRole('button', { name: 'Create workshop' }).click();
  const res = await answer;
  expect(res.status()).toBe(201);
  await page.getByTestId('workshop-created').waitFor();
  return (await res.json()) as CreatedWorkshop;
}

async function joinInfo(url: string, code: string): Promise<WorkshopJoinInfo> {
  return (await (await fetch(`${url}/api/join/${code}`)).json()) as WorkshopJoinInfo;
}

describe('a workshop: the instructor makes it on the start page, people join on their phones', () => {
  const stage = useStage();
  let instructor: Page;
  let created: CreatedWorkshop;
  const phones: Page[] = [];
  const groupOfPhone: string[] = [];

  beforeAll(async () => {
    instructor = await (await stage.browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
  });

  it('the start page creates a workshop of 3 groups with the settings given, and its links open it in each role', async () => {
    await instructor.goto(`${stage.server.url}/`);
    created = await createOnStartPage(
      instructor,
      async (form) => {
        await form.getByLabel('Workshop title').fill(TITLE);
        await form.getByLabel('Number of groups').fill('3');
        await form.getByLabel('Minutes for “Strengths and weaknesses”').fill('6');
        await form.getByLabel('Dots per person').fill('4');
      },
      'workshop-start-form.png',
    );
    await instructor.screenshot({ path: artifactPath('workshop-created.png'), fullPage: true });
    await accessible(instructor, 'start page, workshop created');
    expect(created.groups.map((g) => g.name)).toEqual(['Group 1', 'Group 2', 'Group 3']);

    const panel = instructor.getByTestId('workshop-created');
    expect(await panel.getByTestId('workshop-join-code').textContent()).toBe(formatJoinCode(created.joinCode));
    const qr = panel.getByTestId('qr');
    await expect.poll(() => qr.getAttribute('src'), SOON).toMatch(/^data:image\/svg\+xml/);
    expect(await qr.getAttribute('alt')).toBe(`QR code to join: ${created.links.join}`);
    expect(new URL(created.links.join).pathname).toBe(`/join/${created.joinCode}`);

    // "Open the console" opens the instructor's link; every link shown opens the workshop in its role.
    const consoleHref = await panel.getByRole('link', { name: 'Open the console' }).getAttribute('href');
    expect(stage.server.url + consoleHref).toBe(localLink(stage.server.url, created.links.instructor));
    for (const [label, role] of [
      ['Instructor console link', 'instructor'],
      ['Mentor link', 'mentor'],
      ['Projector link', 'projector'],
    ] as const) {
      const shown = await panel.getByLabel(label, { exact: true }).inputValue();
      expect(shown).toBe(created.links[role]);
      const { id, key, view } = parseWorkshopLink(shown);
      expect(view).toBe(role);
      const info = (await (await fetch(`${stage.server.url}/api/workshops/${id}?key=${key}`)).json()) as { role: string; title: string };
      expect(info).toMatchObject({ role, title: TITLE });
    }

    // Every group's board got the timeboxes and dots the form said.
    const mentor = await SocketPeer.connect(stage.server.url, { board: created.groups[0]!.board, key: created.groups[0]!.keys.mentor, name: 'Mo' });
    const settings = mentor.hello!.state.settings;
    mentor.close();
    expect(settings.steps.map((s) => s.durationMs / 60_000)).toEqual([3, 6, 5, 25, 15]);
    expect(settings.votesPerPerson).toBe(4);
  });

  it('six phones join by typing the code and a name, and are spread 2/2/2 over the groups', async () => {
    for (const [i, name] of NAMES.entries()) {
      const page = await phone(stage.browser);
      phones.push(page);
      await page.goto(`${stage.server.url}/join`);
      // Typed as people type it: small letters and a space are fine.
      await page.getByLabel('Join code').fill(`${created.joinCode.slice(0, 3).toLowerCase()} ${created.joinCode.slice(3)}`);
      await page.getByRole('button', { name: 'Join', exact: true }).tap();
      await page.getByRole('heading', { name: `Join ${TITLE}` }).waitFor();
      // The name box has the focus: a person types and presses Enter (keyboard only).
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('autocomplete')), SOON).toBe('given-name');
      if (i === 0) {
        await page.screenshot({ path: artifactPath('workshop-join-name.png') });
        await accessible(page, 'workshop join, name');
      }
      await page.keyboard.type(name);
      await page.keyboard.press('Enter');
      await live(page);
      groupOfPhone.push(await groupOf(page));
      await expect.poll(() => page.getByTestId('joined-banner').textContent(), SOON).toContain(`You’re in ${groupOfPhone[i]}`);
      if (i === 0) {
        await page.screenshot({ path: artifactPath('workshop-join-landed.png') });
        await accessible(page, 'board, just joined');
      }
    }
    const sizes = (names: string[]) => names.reduce<Record<string, number>>((acc, g) => ({ ...acc, [g]: (acc[g] ?? 0) + 1 }), {});
    expect(sizes(groupOfPhone)).toEqual({ 'Group 1': 2, 'Group 2': 2, 'Group 3': 2 });
    const info = await joinInfo(stage.server.url, created.joinCode);
    expect(info.groups).toEqual(created.groups.map((g) => ({ name: g.name, members: 2 })));

    // The board knows each person by the name they typed: their group-mates see it.
    const mate = groupOfPhone.findIndex((g, i) => i > 0 && g === groupOfPhone[0]);
    await phones[mate]!.locator(`[data-testid="online-person"][data-name="${NAMES[0]}"]`).waitFor();
  });

  it('a reload, and joining again with the code, bring a person back to the same group as the same person', async () => {
    const ann = phones[0]!;
    const board = new URL(ann.url()).pathname.split('/')[2]!;
    const memberships = await ann.evaluate(() =>
      Object.keys(localStorage)
        .filter((k) => k.startsWith('sessionboard:workshop:'))
        .map((k) => JSON.parse(localStorage.getItem(k)!) as { participant: string; board: string }),
    );
    expect(memberships).toHaveLength(1);
    const secret = memberships[0]!.participant;
    // The board's handshake sent the workshop's secret: the public id the board gave derives from it.
    const publicId = () => ann.evaluate((b) => localStorage.getItem(`sessionboard:public-id:${b}`), board);
    expect(await publicId()).toBe(publicParticipantId(board, secret));

    await ann.reload();
    await live(ann);
    expect(await groupOf(ann)).toBe(groupOfPhone[0]);
    expect(await ann.getByText('What should the group call you?').count()).toBe(0);
    expect(await publicId()).toBe(publicParticipantId(board, secret));

    // Scanning the QR code again: the name is remembered, and the server sends Ann back to her group.
    await ann.goto(localLink(stage.server.url, created.links.join));
    await ann.getByTestId('join-back').waitFor();
    expect(await ann.getByLabel('Your name').inputValue()).toBe(NAMES[0]);
    await ann.getByRole('button', { name: 'Join', exact: true }).tap();
    await live(ann);
    expect(new URL(ann.url()).pathname).toBe(`/b/${board}`);
    expect(await groupOf(ann)).toBe(groupOfPhone[0]);
    const mate = groupOfPhone.findIndex((g, i) => i > 0 && g === groupOfPhone[0]);
    await phones[mate]!.locator(`[data-testid="online-person"][data-name="${NAMES[0]}"]`).waitFor();
    // Nobody new was counted.
    expect((await joinInfo(stage.server.url, created.joinCode)).groups.map((g) => g.members)).toEqual([2, 2, 2]);
  });

  it('a wrong code is said plainly', async () => {
    const page = await phone(stage.browser);
    await page.goto(`${stage.server.url}/join`);
    await page.getByLabel('Join code').fill('ZZZ-ZZZ');
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await expect.poll(() => page.getByRole('alert').textContent(), SOON).toContain('Nothing has the code ZZZ-ZZZ');
    await page.context().close();
  });

  it('a group board’s own code still opens that board directly (no name form)', async () => {
    const group = created.groups[2]!;
    const page = await phone(stage.browser);
    await page.context().addInitScript(`localStorage.setItem('sessionboard:name', 'Ivo')`);
    await page.goto(`${stage.server.url}/join`);
    await page.getByLabel('Join code').fill(group.joinCode);
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await live(page);
    expect(new URL(page.url()).pathname).toBe(`/b/${group.board}`);
    expect(await groupOf(page)).toBe(group.name);
    await page.context().close();
  });

  it('where people choose their group, a phone picks one from the list (and must pick one)', async () => {
    await instructor.goto(`${stage.server.url}/`);
    const choosing = await createOnStartPage(instructor, async (form) => {
      await form.getByLabel('Workshop title').fill('Team pick');
      await form.getByText('Their names').click();
      await form.getByLabel('Group names, one per line').fill('Otters\nFalcons\n');
      await form.getByLabel('They choose their group').check();
    });
    expect(choosing.groups.map((g) => g.name)).toEqual(['Otters', 'Falcons']);

    const gil = await phone(stage.browser);
    // As from the QR code: the join link goes straight to the name and the groups.
    await gil.goto(localLink(stage.server.url, choosing.links.join));
    await gil.getByRole('heading', { name: 'Join Team pick' }).waitFor();
    await gil.keyboard.type('Gil');
    await gil.getByRole('button', { name: 'Join', exact: true }).tap();
    await expect.poll(() => gil.getByRole('alert').textContent(), SOON).toContain('Pick your group');
    expect(await gil.getByRole('radio', { name: /Otters/ }).count()).toBe(1);
    await gil.getByRole('radio', { name: /Falcons/ }).tap();
    await gil.screenshot({ path: artifactPath('workshop-join-choose.png') });
    await accessible(gil, 'workshop join, choose a group');
    await gil.getByRole('button', { name: 'Join Falcons' }).tap();
    await live(gil);
    expect(await groupOf(gil)).toBe('Falcons');
    expect((await joinInfo(stage.server.url, choosing.joinCode)).groups).toEqual([
      { name: 'Otters', members: 0 },
      { name: 'Falcons', members: 1 },
    ]);
    await gil.context().close();

    // The same with the keyboard alone: name, Tab to the groups, Space picks one, Enter joins.
    const jo = await phone(stage.browser);
    await jo.goto(localLink(stage.server.url, choosing.links.join));
    await jo.getByRole('heading', { name: 'Join Team pick' }).waitFor();
    await jo.keyboard.type('Jo');
    await jo.keyboard.press('Tab');
    await jo.keyboard.press('Space');
    expect(await jo.getByRole('radio', { name: /Otters/ }).isChecked()).toBe(true);
    await jo.keyboard.press('Enter');
    await live(jo);
    expect(await groupOf(jo)).toBe('Otters');
    await jo.context().close();
  });

  it('a member calls a mentor: the whole group sees the hand up, mentors see the group asked, and it can be cancelled', async () => {
    const ann = phones[0]!;
    const mateIndex = groupOfPhone.findIndex((g, i) => i > 0 && g === groupOfPhone[0]);
    const mate = phones[mateIndex]!;
    const group = created.groups.find((g) => g.name === groupOfPhone[0])!;
    const mentor = await openAs(stage.browser, localLink(stage.server.url, group.links.mentor), 'Mo', { viewport: { width: 1366, height: 768 } });
    // Mentors have no such button: only the team calls.
    expect(await mentor.getByRole('button', { name: 'Call a mentor' }).count()).toBe(0);

    await ann.getByRole('button', { name: 'Call a mentor' }).tap();
    for (const p of [ann, mate]) await expect.poll(() => p.getByTestId('help-banner').textContent(), SOON).toMatch(/Mentor called · just now/);
    await expect.poll(() => mentor.getByTestId('help-banner').textContent(), SOON).toContain('This group asked for a mentor');
    // Other groups' boards are not raised.
    const other = phones[groupOfPhone.findIndex((g) => g !== groupOfPhone[0])]!;
    expect(await other.getByTestId('help-banner').count()).toBe(0);
    await mate.screenshot({ path: artifactPath('workshop-board-help-phone.png') });
    await mentor.screenshot({ path: artifactPath('workshop-board-help-desktop.png') });
    await accessible(mate, 'board, hand up (member)');
    await accessible(mentor, 'board, hand up (mentor)');

    await mate.getByRole('button', { name: 'Cancel the call for a mentor' }).tap();
    for (const p of [ann, mate, mentor]) await expect.poll(() => p.getByTestId('help-banner').count(), SOON).toBe(0);
    await ann.getByRole('button', { name: 'Call a mentor' }).waitFor();
    await mentor.context().close();
  });

  it('a mentor’s client may not raise a group’s hand (forbidden)', async () => {
    const group = created.groups[0]!;
    const mentor = await SocketPeer.connect(stage.server.url, { board: group.board, key: group.keys.mentor, name: 'Mo' });
    const ack = await mentor.command({ type: 'help.request', requested: true });
    mentor.close();
    expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const room = await SocketPeer.connect(stage.server.url, { board: group.board, key: group.keys.projector, name: 'Room' });
    expect(room.hello!.state.help.requested).toBe(false);
    room.close();
  });

  it('the instructor’s notice shows on every board and its projector, as plain text, until cleared', async () => {
    const console_ = await WorkshopPeer.connect(stage.server.url, created.id, created.keys.instructor);
    const group = created.groups.find((g) => g.name === groupOfPhone[0])!;
    const room = await openAs(stage.browser, localLink(stage.server.url, group.links.projector), '', { viewport: { width: 1920, height: 1080 }, waitLive: false });
    await room.getByTestId('projector').waitFor();
    const desk = await openAs(stage.browser, localLink(stage.server.url, group.links.facilitator), 'Ines', { viewport: { width: 1366, height: 768 } });

    const message = 'Back at 14:30 <b>sharp</b> — bring your three goals';
    const ack = await console_.command({ type: 'notice', message });
    expect(ack.ok).toBe(true);
    const everyone = [...phones, room, desk];
    for (const p of everyone) await expect.poll(() => p.getByTestId('notice-message').textContent(), { timeout: 10_000 }).toBe(message);
    expect(await room.locator('[data-testid="notice-message"] b').count()).toBe(0);
    // Large enough for the back of the room: the projector's notice text is at least 5 % of the screen's height.
    const size = await room.getByTestId('notice-message').evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
    expect(size).toBeGreaterThanOrEqual(48);

    // A raised hand and the notice together, as the instructor will see them in the room.
    await phones[0]!.getByRole('button', { name: 'Call a mentor' }).tap();
    await expect.poll(() => room.getByTestId('help-banner').textContent(), SOON).toContain('This group asked for a mentor');
    await room.screenshot({ path: artifactPath('workshop-projector-notice.png') });
    await phones[0]!.screenshot({ path: artifactPath('workshop-board-notice-phone.png') });
    await desk.screenshot({ path: artifactPath('workshop-board-notice-desktop.png') });
    await accessible(phones[0]!, 'board, notice (phone)');
    await accessible(room, 'projector, notice');
    await phones[0]!.getByRole('button', { name: 'Cancel the call for a mentor' }).tap();

    // A person may hide it on their own screen; everyone else still sees it.
    await phones[1]!.getByRole('button', { name: 'Hide the instructor’s notice' }).tap();
    expect(await phones[1]!.getByTestId('notice').count()).toBe(0);
    expect(await phones[2]!.getByTestId('notice').count()).toBe(1);

    expect((await console_.command({ type: 'notice', message: null })).ok).toBe(true);
    for (const p of everyone) await expect.poll(() => p.getByTestId('notice').count(), { timeout: 10_000 }).toBe(0);
    // The facilitator's board at rest: "Call a mentor" is in the header for the team.
    await desk.getByRole('button', { name: 'Call a mentor' }).waitFor();
    await desk.screenshot({ path: artifactPath('workshop-board-desktop.png') });
    console_.close();
    await room.context().close();
    await desk.context().close();
  });

  it('when the instructor moves a person, their page opens the new group’s board, as the same person', async () => {
    const fay = phones[5]!;
    const from = groupOfPhone[5]!;
    const to = created.groups.find((g) => g.name !== from)!;
    const secret = await fay.evaluate(
      (id) => (JSON.parse(localStorage.getItem(`sessionboard:workshop:${id}`) ?? '{}') as { participant?: string }).participant ?? '',
      created.id,
    );
    const console_ = await WorkshopPeer.connect(stage.server.url, created.id, created.keys.instructor);
    const ack = await console_.command({ type: 'participant.move', participant: workshopParticipantId(created.id, secret), group: to.name });
    console_.close();
    expect(ack.ok).toBe(true);
    await expect.poll(() => new URL(fay.url()).pathname, SOON).toBe(`/b/${to.board}`);
    await live(fay);
    expect(await groupOf(fay)).toBe(to.name);
    await expect
      .poll(() => fay.getByTestId('toast').allTextContents(), SOON)
      .toEqual(expect.arrayContaining([expect.stringContaining(`The instructor moved you to ${to.name}.`)]));
    expect(await fay.evaluate((b) => localStorage.getItem(`sessionboard:public-id:${b}`), to.board)).toBe(publicParticipantId(to.board, secret));
    // Joining again with the code keeps the new group (only the instructor moves people).
    await fay.goto(localLink(stage.server.url, created.links.join));
    await expect.poll(() => fay.getByTestId('join-back').textContent(), SOON).toContain(to.name);
  });
});

describe('joining while the server asks us to wait', () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    // One look-up of a board's code, one workshop join per person, then a long wait; no wrong code
    // is free (the first makes this address wait a second).
    server = await startServer({
      joinCodeBurst: 1,
      joinCodePerSecond: 0.01,
      workshopPersonBurst: 1,
      workshopPersonPerSecond: 0.01,
      joinBurst: 0,
      joinPerSecond: 0.001,
    });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('a 429 shows its Retry-After seconds, counting down, and the button waits', async () => {
    const board = await createBoard(server.url, { title: 'Busy room' });
    expect((await fetch(`${server.url}/api/join/${board.joinCode}`)).status).toBe(200);
    const page = await phone(browser);
    await page.goto(`${server.url}/join`);
    await page.getByLabel('Join code').fill(board.joinCode);
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await expect.poll(() => page.getByRole('alert').textContent(), SOON).toMatch(/Too many tries just now\. Try again in \d+ s\./);
    const seconds = Number(/in (\d+) s/.exec((await page.getByTestId('retry-after').textContent()) ?? '')?.[1]);
    expect(seconds).toBeGreaterThan(10);
    expect(await page.getByRole('button', { name: /^Wait \d+ s$/ }).isDisabled()).toBe(true);
  });

  it('a workshop join the server refuses for now (429) says how long to wait, on the name form', async () => {
    const res = await fetch(`${server.url}/api/workshops`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Busy workshop', groups: 2 }),
    });
    const workshop = (await res.json()) as CreatedWorkshop;
    const page = await phone(browser);
    await page.goto(localLink(server.url, workshop.links.join));
    await page.getByRole('heading', { name: 'Join Busy workshop' }).waitFor();
    await page.keyboard.type('Hal');
    await page.keyboard.press('Enter');
    await live(page);
    // The same person again at once: past the allowance of joins per person.
    await page.goto(localLink(server.url, workshop.links.join));
    await page.getByTestId('join-back').waitFor();
    await page.getByRole('button', { name: 'Join', exact: true }).tap();
    await expect.poll(() => page.getByRole('alert').textContent(), SOON).toMatch(/Too many tries just now\. Try again in \d+ s\./);
    await page.screenshot({ path: artifactPath('workshop-join-wait.png') });
    await accessible(page, 'workshop join, waiting');
    expect(await page.getByRole('button', { name: /^Wait \d+ s$/ }).isDisabled()).toBe(true);
  });

  // Last in this block: its wrong code makes the whole address (every test here) wait.
  it('after a wrong code the address waits; the button comes back by itself when the wait is over', async () => {
    const page = await phone(browser);
    await page.goto(`${server.url}/join`);
    await page.getByLabel('Join code').fill('ZZZ-ZZZ');
    const join = page.getByRole('button', { name: 'Join', exact: true });
    await join.tap();
    await expect.poll(() => page.getByRole('alert').textContent(), SOON).toContain('Nothing has the code ZZZ-ZZZ');
    await join.tap();
    await expect.poll(() => page.getByTestId('retry-after').textContent(), SOON).toMatch(/Try again in [12] s\./);
    expect(await page.getByRole('button', { name: /^Wait \d s$/ }).isDisabled()).toBe(true);
    await expect.poll(() => join.isEnabled(), SOON).toBe(true);
  });
});
