import type { Template } from './types.ts';

const MINUTE_MS = 60_000;

/** The built-in agenda, taken step by step from the lesson "3.4 Mentoring Session". */
export const MENTORING_SESSION: Template = {
  id: 'mentoring-session',
  name: 'Mentoring session',
  votesPerPerson: 3,
  maxVotesPerCard: 2,
  votableKinds: ['weakness'],
  // Hidden until the facilitator reveals them: nobody follows the crowd's first dots.
  hideVotes: true,
  goalTarget: 3,
  steps: [
    {
      title: 'How could mentoring help me?',
      durationMs: 3 * MINUTE_MS,
      instructions:
        'Solo: list about 5 things you would like to learn or improve. Drafts stay on your device until you choose to share them.',
      columns: ['personal'],
      privateDrafts: true,
    },
    {
      title: 'Strengths and weaknesses',
      durationMs: 5 * MINUTE_MS,
      instructions:
        'List your key strengths and weaknesses as a team, as short bullet points. Then spend your dots on the weaknesses you most want help with.',
      columns: ['strength', 'weakness'],
      voting: true,
    },
    {
      title: 'Discussion points and questions',
      durationMs: 5 * MINUTE_MS,
      instructions:
        'Write discussion points and questions for your mentor. Point each one at the weakness it is about.',
      columns: ['weakness', 'question'],
    },
    {
      title: 'Mentoring session',
      durationMs: 25 * MINUTE_MS,
      instructions:
        'Discuss your top weaknesses with the mentor. Capture notes, and turn them into at least three clear and specific goals: what, why, how you will know, who, by when.',
      // The top weaknesses (ranked, with dots once revealed) beside what is said about them.
      columns: ['weakness', 'question', 'note', 'goal'],
    },
    {
      title: 'Plan for the next sprint',
      durationMs: 15 * MINUTE_MS,
      instructions:
        'Break each goal down into backlog items with an owner and an order, and refine your product backlog for the next sprint.',
      columns: ['goal', 'backlog'],
    },
  ],
};

/** A plain retrospective, to show that templates are data. */
export const RETROSPECTIVE: Template = {
  id: 'retrospective',
  name: 'Retrospective',
  votesPerPerson: 3,
  maxVotesPerCard: 3,
  votableKinds: ['weakness'],
  hideVotes: true,
  goalTarget: 2,
  steps: [
    {
      title: 'What went well, what did not',
      durationMs: 7 * MINUTE_MS,
      instructions: 'Write what went well and what did not in the last sprint. Then vote on what to fix.',
      columns: ['strength', 'weakness'],
      voting: true,
    },
    {
      title: 'Actions',
      durationMs: 10 * MINUTE_MS,
      instructions: 'Turn the top issues into actions with an owner and a date.',
      columns: ['weakness', 'goal'],
    },
  ],
};

/** Every template a board may be created from, by id. */
export const TEMPLATES: Readonly<Record<string, Template>> = {
  [MENTORING_SESSION.id]: MENTORING_SESSION,
  [RETROSPECTIVE.id]: RETROSPECTIVE,
};

/** The template for `id`, or the mentoring session when it is unknown or missing. */
export function templateById(id: string | undefined): Template {
  return (id !== undefined && TEMPLATES[id]) || MENTORING_SESSION;
}
