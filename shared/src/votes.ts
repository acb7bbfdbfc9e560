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
 * V6: once the group is past its last voting step, dots can be neither spent nor taken back (the
 *     result stands); a board whose steps declare no voting step votes at any step.
 * V7: dots on a card merged into another move to that card, up to `maxVotesPerCard` per person with
 *     what they already had there; the dots beyond it go back to their owner.
 */
export type VoteLedger = Record<string, Record<string, number>>;

/**
 * An empty object without a prototype. Ledgers and totals are keyed by ids from the wire, and on a
 * plain object an id such as `constructor` or `__proto__` reads or writes Object.prototype's members.
 */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A prototype-free copy of `record` (say, one decoded from JSON or msgpack). */
export function dictFrom<T>(record: Readonly<Record<string, T>> | undefined | null): Record<string, T> {
  const out = dict<T>();
  if (record) for (const k of Object.keys(record)) out[k] = record[k] as T;
  return out;
}

/**
 * A session state whose vote totals are prototype-free, so `votes[cardId]` is safe for any card id
 * (a card may be named `constructor` by any Yjs client).
 */
export function withSafeVotes<S extends { votes: Record<string, number> | null }>(state: S): S {
  return state.votes === null ? state : { ...state, votes: dictFrom(state.votes) };
}

/** `record[key]` when `record` has it as its own property (never an inherited member). */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** A prototype-free copy of `record` with `key` set to `value` (or removed when `value` is undefined). */
function withEntry<T>(record: Readonly<Record<string, T>> | undefined, key: string, value: T | undefined): Record<string, T> {
  const next = dictFrom(record);
  if (value === undefined) delete next[key];
  else next[key] = value;
  return next;
}

/** Whether the group at `step` is past every voting step of `settings` (V6). */
export function votingOver(settings: Settings, step: number): boolean {
  let last = -1;
  settings.steps.forEach((s, i) => {
    if (s.voting) last = i;
  });
  return last >= 0 && step > last;
}

/** Whether `step` is one where the group votes (every step, when none is marked). */
export function isVotingStep(settings: Settings, step: number): boolean {
  return settings.steps.some((s) => s.voting) ? settings.steps[step]?.voting === true : true;
}

/** How many people have spent at least one dot ("4 of 6 have voted", never who or where). */
export function voterCount(ledger: VoteLedger): number {
  let n = 0;
  for (const p of Object.keys(ledger)) if (spent(ledger, p) > 0) n++;
  return n;
}

/** Dots `participant` has spent in all. */
export function spent(ledger: VoteLedger, participant: string): number {
  let total = 0;
  for (const n of Object.values(own(ledger, participant) ?? {})) total += n;
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
  const mine = own(ledger, participant);
  const onCard = own(mine, card) ?? 0;
  if (onCard >= settings.maxVotesPerCard) {
    throw new RuleError(ERROR_CODES.cardCap, `At most ${settings.maxVotesPerCard} of your dots may go on one card.`);
  }
  return withEntry(ledger, participant, withEntry(mine, card, onCard + 1));
}

/** A new ledger with one dot fewer from `participant` on `card` (V5). */
export function removeVote(ledger: VoteLedger, participant: string, card: string): VoteLedger {
  const mine = own(ledger, participant);
  const onCard = own(mine, card) ?? 0;
  if (onCard <= 0) throw new RuleError(ERROR_CODES.invalid, 'You have no dot on that card to take back.');
  return withEntry(ledger, participant, withEntry(mine, card, onCard === 1 ? undefined : onCard - 1));
}

/** Totals per card over every participant. */
export function totals(ledger: VoteLedger): Record<string, number> {
  const out = dict<number>();
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
  const left = Math.max(0, settings.votesPerPerson - spent(ledger, participant));
  return withEntry(own(ledger, participant), 'left', left) as MyVotes;
}

/**
 * Drops dots on cards that no longer exist, so deleted cards give their dots back; with `merges`, a
 * gone card's dots move to the card it was merged into (V7), capped at `maxVotesPerCard` per person.
 * Returns `ledger` itself when nothing changed.
 */
export function pruneVotes(
  ledger: VoteLedger,
  exists: (card: string) => boolean,
  merges?: { into: (card: string) => string | undefined; maxVotesPerCard: number },
): VoteLedger {
  let changed = false;
  const next: VoteLedger = dict();
  for (const [participant, mine] of Object.entries(ledger)) {
    const kept = dict<number>();
    const moved: [string, number][] = [];
    for (const [card, n] of Object.entries(mine)) {
      if (exists(card)) {
        kept[card] = n;
        continue;
      }
      changed = true;
      const survivor = merges?.into(card);
      if (survivor !== undefined && survivor !== card && exists(survivor)) moved.push([survivor, n]);
    }
    // After every kept card, so the cap counts the dots the person already had on the survivor.
    for (const [card, n] of moved) {
      const total = Math.min(merges?.maxVotesPerCard ?? n, (kept[card] ?? 0) + n);
      if (total > 0) kept[card] = Math.max(kept[card] ?? 0, total);
    }
    next[participant] = kept;
  }
  return changed ? next : ledger;
}
