import type { Assignment, Settings, StepSettings } from '@sessionboard/shared/light';
import { MAX_DURATION_MS, MAX_GROUP_NAME_CHARS, MAX_WORKSHOP_GROUPS, cleanGroupName, settingsFromTemplate, templateById } from '@sessionboard/shared/light';

/** The workshop form as typed: strings, as the inputs hold them, so half-typed numbers never jump. */
export interface WorkshopDraft {
  title: string;
  groupsBy: 'count' | 'names';
  groupCount: string;
  groupNames: string;
  template: string;
  /** Minutes per step of the template, in its order. */
  minutes: string[];
  votesPerPerson: string;
  assignment: Assignment;
}

/** The body of `POST /api/workshops` (see `createWorkshopSchema`). */
export interface WorkshopRequest {
  title: string;
  groups: number | string[];
  template: string;
  settings: Pick<Settings, 'steps' | 'votesPerPerson'>;
  assignment: Assignment;
}

/** The longest timebox a step may have, in minutes (the server's limit). */
export const MAX_STEP_MINUTES = MAX_DURATION_MS / 60_000;

/** A new draft with the template's own timeboxes and dots, so the instructor only changes what differs. */
export function draftFor(template: string, previous?: WorkshopDraft): WorkshopDraft {
  const settings = settingsFromTemplate(templateById(template));
  return {
    title: previous?.title ?? '',
    groupsBy: previous?.groupsBy ?? 'count',
    groupCount: previous?.groupCount ?? '3',
    groupNames: previous?.groupNames ?? '',
    template,
    minutes: settings.steps.map((s) => String(s.durationMs / 60_000)),
    votesPerPerson: String(settings.votesPerPerson),
    assignment: previous?.assignment ?? 'balanced',
  };
}

/** The group names typed one per line, tidied; empty lines dropped. */
export function groupNameLines(text: string): string[] {
  return text.split('\n').map(cleanGroupName).filter((n) => n.length > 0);
}

/**
 * The request the draft makes, or the first thing wrong with it in words the form can show. The
 * server checks all of this again; checking here says it before a round trip and next to the field.
 */
export function workshopRequest(draft: WorkshopDraft): { ok: true; request: WorkshopRequest } | { ok: false; field: string; message: string } {
  const title = draft.title.trim();
  if (!title) return { ok: false, field: 'title', message: 'Give the workshop a title.' };

  let groups: number | string[];
  if (draft.groupsBy === 'count') {
    const count = Number(draft.groupCount);
    if (!Number.isInteger(count) || count < 1 || count > MAX_WORKSHOP_GROUPS) {
      return { ok: false, field: 'groups', message: `The number of groups is a whole number from 1 to ${MAX_WORKSHOP_GROUPS}.` };
    }
    groups = count;
  } else {
    const names = groupNameLines(draft.groupNames);
    if (names.length === 0) return { ok: false, field: 'groups', message: 'Write one group name per line.' };
    if (names.length > MAX_WORKSHOP_GROUPS) return { ok: false, field: 'groups', message: `At most ${MAX_WORKSHOP_GROUPS} groups (${names.length} lines).` };
    const long = names.find((n) => n.length > MAX_GROUP_NAME_CHARS);
    if (long) return { ok: false, field: 'groups', message: `“${long.slice(0, 20)}…” is longer than ${MAX_GROUP_NAME_CHARS} characters.` };
    const seen = new Set<string>();
    for (const name of names) {
      if (seen.has(name.toLowerCase())) return { ok: false, field: 'groups', message: `“${name}” is there twice: group names must differ.` };
      seen.add(name.toLowerCase());
    }
    groups = names;
  }

  const base = settingsFromTemplate(templateById(draft.template));
  const steps: StepSettings[] = [];
  for (const [i, step] of base.steps.entries()) {
    const minutes = Number(draft.minutes[i]);
    if (!Number.isFinite(minutes) || minutes < 1 || minutes > MAX_STEP_MINUTES) {
      return { ok: false, field: `minutes-${i}`, message: `“${step.title}” needs 1 to ${MAX_STEP_MINUTES} minutes.` };
    }
    steps.push({ ...step, durationMs: Math.round(minutes * 60) * 1000 });
  }
  const votesPerPerson = Number(draft.votesPerPerson);
  if (!Number.isInteger(votesPerPerson) || votesPerPerson < 0 || votesPerPerson > 50) {
    return { ok: false, field: 'votes', message: 'Dots per person is a whole number from 0 to 50.' };
  }
  return { ok: true, request: { title, groups, template: draft.template, settings: { steps, votesPerPerson }, assignment: draft.assignment } };
}
