import { ERROR_CODES, RuleError } from './errors.ts';
import type { Settings, VoteTotals, MyVotes } from './session.ts';

/**
 * Dots per participant per card. The server holds the only copy; the rules below are pure so the
 * client can explain a refusal the same way the server decides it.
 *
 * V1: a participant's dots never exceed `votesPerPerson`.
 * V2: one participant's dots on one card never exceed `maxVotesPerCard`.
 * V3: only cards of a kind in `votableKinds` take dots.
 * V4: totals are not sent to anyone while `hideVotes` is on and votes are not revealed.
 * V5: removing a dot that is not there changes nothing and is refused.
 */
export type VoteLedger = Record<string, Record<string, number>>;

/** Dots `participant` has spent in all. */
export function spent(ledger: VoteLedger, participant: string): number {
  let total = 0;
  for (const n of Object.values(ledger[participant] ?? {})) total += n;
  return total;
}

/** A new ledger with one more dot from `participant` on `card` (V1, V2, V3). */
export function addVote(
  ledger: VoteLedger,
  settings: Settings,
  participant: string,
  card: string,
  cardKind: string | undefined,
): VoteLedger {
  if (cardKind === undefined) throw new RuleError(ERROR_CODES.cardNotFound, 'That card does not exist (any more).');
  if (!(settings.votableKinds as readonly string[]).includes(cardKind)) {
    throw new RuleError(ERROR_CODES.notVotable, `Cards of kind "${cardKind}" do not take votes on this board.`);
  }
  if (spent(ledger, participant) >= settings.votesPerPerson) {
    throw new RuleError(
      ERROR_CODES.budgetExhausted,
      `You have used all ${settings.votesPerPerson} of your dots. Take one back to vote elsewhere.`,
    );
  }
  const mine = ledger[participant] ?? {};
  const onCard = mine[card] ?? 0;
  if (onCard >= settings.maxVotesPerCard) {
    throw new RuleError(ERROR_CODES.cardCap, `At most ${settings.maxVotesPerCard} of your dots may go on one card.`);
  }
  return { ...ledger, [participant]: { ...mine, [card]: onCard + 1 } };
}

/** A new ledger with one dot fewer from `participant` on `card` (V5). */
export function removeVote(ledger: VoteLedger, participant: string, card: string): VoteLedger {
  const mine = ledger[participant] ?? {};
  const onCard = mine[card] ?? 0;
  if (onCard <= 0) throw new RuleError(ERROR_CODES.invalid, 'You have no dot on that card to take back.');
  const next = { ...mine };
  if (onCard === 1) delete next[card];
  else next[card] = onCard - 1;
  return { ...ledger, [participant]: next };
}

/** Totals per card over every participant. */
export function totals(ledger: VoteLedger): Record<string, number> {
  const out: Record<string, number> = {};
  for (const mine of Object.values(ledger)) {
    for (const [card, n] of Object.entries(mine)) out[card] = (out[card] ?? 0) + n;
  }
  return out;
}

/** Totals as everyone may see them: `null` while hidden and not revealed (V4). */
export function visibleTotals(ledger: VoteLedger, settings: Settings, revealed: boolean): VoteTotals {
  if (settings.hideVotes && !revealed) return null;
  return totals(ledger);
}

/** `participant`'s own dots, with what they have left, as `votes:mine` carries them. */
export function myVotes(ledger: VoteLedger, settings: Settings, participant: string): MyVotes {
  const mine = ledger[participant] ?? {};
  const left = Math.max(0, settings.votesPerPerson - spent(ledger, participant));
  return { ...mine, left } as MyVotes;
}

/** Drops dots on cards that no longer exist, so deleted cards give their dots back. */
export function pruneVotes(ledger: VoteLedger, exists: (card: string) => boolean): VoteLedger {
  let changed = false;
  const next: VoteLedger = {};
  for (const [participant, mine] of Object.entries(ledger)) {
    const kept: Record<string, number> = {};
    for (const [card, n] of Object.entries(mine)) {
      if (exists(card)) kept[card] = n;
      else changed = true;
    }
    next[participant] = kept;
  }
  return changed ? next : ledger;
}
