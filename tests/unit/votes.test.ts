import { describe, expect, it } from 'vitest';
import type { RuleError, Settings, VoteLedger } from '@sessionboard/shared';
import { MENTORING_SESSION, addVote, isVotingStep, myVotes, pruneVotes, removeVote, settingsFromTemplate, spent, totals, visibleTotals, voterCount, votingOver } from '@sessionboard/shared';

const settings: Settings = settingsFromTemplate(MENTORING_SESSION);

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as RuleError).code;
  }
  return 'accepted';
}

describe('dot-voting rules', () => {
  it('V1: a participant never spends more than the budget', () => {
    let ledger: VoteLedger = {};
    ledger = addVote(ledger, settings, 'ann', 'w1', 'weakness');
    ledger = addVote(ledger, settings, 'ann', 'w2', 'weakness');
    ledger = addVote(ledger, settings, 'ann', 'w3', 'weakness');
    expect(spent(ledger, 'ann')).toBe(3);
    expect(refusal(() => addVote(ledger, settings, 'ann', 'w4', 'weakness'))).toBe('budget_exhausted');
    expect(myVotes(ledger, settings, 'ann')).toEqual({ w1: 1, w2: 1, w3: 1, left: 0 });
    // Another person's budget is their own.
    expect(refusal(() => addVote(ledger, settings, 'ben', 'w1', 'weakness'))).toBe('accepted');
  });

  it('V2: at most maxVotesPerCard of one person on one card', () => {
    const capped = { ...settings, votesPerPerson: 5, maxVotesPerCard: 2 };
    let ledger: VoteLedger = {};
    ledger = addVote(ledger, capped, 'ann', 'w1', 'weakness');
    ledger = addVote(ledger, capped, 'ann', 'w1', 'weakness');
    expect(refusal(() => addVote(ledger, capped, 'ann', 'w1', 'weakness'))).toBe('card_cap');
    expect(totals(ledger)).toEqual({ w1: 2 });
  });

  it('V3: only votable kinds take dots, and missing cards take none', () => {
    expect(refusal(() => addVote({}, settings, 'ann', 's1', 'strength'))).toBe('not_votable');
    expect(refusal(() => addVote({}, settings, 'ann', 'gone', undefined))).toBe('card_not_found');
    expect(refusal(() => addVote({}, { ...settings, votableKinds: ['strength', 'weakness'] }, 'ann', 's1', 'strength'))).toBe('accepted');
  });

  it('V4: totals are hidden while hideVotes is on and not revealed', () => {
    const ledger = addVote({}, settings, 'ann', 'w1', 'weakness');
    const hidden = { ...settings, hideVotes: true };
    expect(visibleTotals(ledger, hidden, false)).toBeNull();
    expect(visibleTotals(ledger, hidden, true)).toEqual({ w1: 1 });
    expect(visibleTotals(ledger, { ...settings, hideVotes: false }, false)).toEqual({ w1: 1 });
  });

  it('V5: removing a dot gives it back; removing one that is not there is refused', () => {
    let ledger = addVote({}, settings, 'ann', 'w1', 'weakness');
    ledger = removeVote(ledger, 'ann', 'w1');
    expect(myVotes(ledger, settings, 'ann')).toEqual({ left: 3 });
    expect(refusal(() => removeVote(ledger, 'ann', 'w1'))).toBe('invalid');
  });

  it('deleted cards give their dots back', () => {
    let ledger: VoteLedger = {};
    ledger = addVote(ledger, settings, 'ann', 'w1', 'weakness');
    ledger = addVote(ledger, settings, 'ann', 'w2', 'weakness');
    const pruned = pruneVotes(ledger, (c) => c !== 'w1');
    expect(myVotes(pruned, settings, 'ann')).toEqual({ w2: 1, left: 2 });
    expect(pruneVotes(pruned, () => true)).toBe(pruned);
  });

  it('V6: voting is over past the last voting step; a board without voting steps votes at any step', () => {
    const voting = settings.steps.findIndex((st) => st.voting);
    expect(voting).toBeGreaterThanOrEqual(0);
    expect(votingOver(settings, voting)).toBe(false);
    expect(votingOver(settings, 0)).toBe(false);
    expect(votingOver(settings, voting + 1)).toBe(true);
    expect(isVotingStep(settings, voting)).toBe(true);
    expect(isVotingStep(settings, voting + 1)).toBe(false);
    const unmarked: Settings = { ...settings, steps: settings.steps.map(({ voting: _v, ...st }) => st) };
    expect(votingOver(unmarked, 4)).toBe(false);
    expect(isVotingStep(unmarked, 4)).toBe(true);
  });

  it('counts voters, never more than the people who spent a dot', () => {
    let ledger: VoteLedger = {};
    expect(voterCount(ledger)).toBe(0);
    ledger = addVote(ledger, settings, 'ann', 'w1', 'weakness');
    ledger = addVote(ledger, settings, 'ann', 'w2', 'weakness');
    ledger = addVote(ledger, settings, 'ben', 'w1', 'weakness');
    expect(voterCount(ledger)).toBe(2);
    ledger = removeVote(ledger, 'ben', 'w1');
    expect(voterCount(ledger)).toBe(1);
  });
});
