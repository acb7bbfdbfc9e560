import { describe, expect, it } from 'vitest';
import { idleTimer, proposeRotation, readWorkshop } from '@sessionboard/shared';

const state = {
  version: 3,
  notice: { message: 'Back at 11:30', at: 1 },
  title: 'Class',
  joinCode: 'ABCDEF',
  assignment: 'balanced',
  rotation: proposeRotation(['Group 1', 'Group 2'], ['Ada']),
  groups: [
    {
      name: 'Group 1',
      board: 'board-one',
      step: 1,
      timer: idleTimer(1, 300_000),
      online: 2,
      counts: { weakness: 2 },
      votesCast: 3,
      goals: { total: 1, complete: 0 },
      help: { requested: true, since: 5 },
      lastActivity: 7,
      steps: 5,
      stepTitle: 'Strengths and weaknesses',
      locked: false,
      votesRevealed: false,
      backlog: { total: 0, done: 0 },
    },
  ],
};

describe('workshop payloads are checked before they reach the store', () => {
  it('a workshop:state as the server sends it passes, missing card kinds counted as none', () => {
    const parsed = readWorkshop.state(state);
    expect(parsed?.groups[0]?.counts.weakness).toBe(2);
    expect(parsed?.groups[0]?.counts.goal).toBe(0);
  });

  it('malformed payloads are refused rather than rendered', () => {
    expect(readWorkshop.state({ ...state, groups: [{ ...state.groups[0], online: -1 }] })).toBeNull();
    expect(readWorkshop.state({ ...state, notice: { message: 'x'.repeat(281), at: 1 } })).toBeNull();
    expect(readWorkshop.priorities([{ board: 'b', name: 'G', weaknesses: [{ text: 'a', votes: 'many' }], questions: [] }])).toBeNull();
    expect(readWorkshop.people([{ participant: 'p', name: 'Ann', group: 'G' }])).toBeNull();
    expect(readWorkshop.ack({ ok: true })).toBeNull();
  });

  it('acks: refusals per board pass with their errors', () => {
    const ack = readWorkshop.ack({ ok: true, state, results: [{ board: 'board-one', ok: false, error: { code: 'invalid', message: 'No step 3' } }] });
    expect(ack?.ok && ack.results?.[0]?.error?.message).toBe('No step 3');
    expect(readWorkshop.ack({ ok: false, error: { code: 'forbidden', message: 'no' } })).toEqual({ ok: false, error: { code: 'forbidden', message: 'no' } });
  });
});
