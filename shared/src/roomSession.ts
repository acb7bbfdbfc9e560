/**
 * The session rules of one board (role checks, the timer, steps, settings, votes, the people it
 * remembers), applied to its stored control state: pure, so the server runs them and the client can
 * run the same rules. Reading stored JSON (and its migrations) stays in the server
 * (server/src/rooms/storedSession.ts).
 */
import { ERROR_CODES, RuleError } from './errors.ts';
import type { Command } from './protocol.ts';
import { can } from './roles.ts';
import type { Permission, Role } from './roles.ts';
import { initialSessionState, settingsSchema } from './session.ts';
import type { MyVotes, SessionState, Settings } from './session.ts';
import { extendTimer, idleTimer, pauseTimer, resumeTimer, startTimer, tickTimer } from './timer.ts';
import { addVote, dict, dictFrom, myVotes, own, pruneVotes, removeVote, visibleTotals, voterCount, votingOver } from './votes.ts';
import type { VoteLedger } from './votes.ts';
import type { Notice } from './workshop.ts';

/** Someone who has joined the board at least once, remembered so a locked board lets them back in. */
export interface KnownParticipant {
  name: string;
  role: Role;
}

/** The control state of one board as stored (votes per participant, never sent as is). */
export interface StoredSession {
  state: Omit<SessionState, 'votes' | 'voters'>;
  ledger: VoteLedger;
  /**
   * 2: the ledger is keyed by public ids derived from each person's secret. Before (missing), it was
   * keyed by the id the client sent, which was the secret itself. (The people a board remembers are
   * not in the stored session: they have a table of their own, so remembering someone does not
   * rewrite the session, and the session sent between processes stays small.)
   */
  identity?: 2;
  /** Epoch ms of the board's last document change or vote (the workshop console shows it). */
  lastActivity?: number;
}

/** People a board remembers (a class of 60 over many sessions is far below it). */
export const MAX_REMEMBERED_PARTICIPANTS = 2000;

const PERMISSION_FOR: Record<Command['type'], Permission> = {
  'timer.start': 'timer',
  'timer.pause': 'timer',
  'timer.resume': 'timer',
  'timer.extend': 'timer',
  'timer.reset': 'timer',
  'step.goto': 'timer',
  'votes.reveal': 'reveal',
  'board.lock': 'lock',
  'settings.update': 'settings',
  'vote.add': 'vote',
  'vote.remove': 'vote',
  'help.request': 'help',
};

/** A fresh stored session for a new board. */
export function newStoredSession(settings: Settings): StoredSession {
  const { votes: _votes, voters: _voters, ...state } = initialSessionState(settings);
  return { state, ledger: dict(), identity: 2 };
}

/**
 * A board's session rules applied to its stored state: role checks, the timer, steps, settings and
 * votes. Pure apart from the clock it is given; the Room persists and broadcasts what comes out.
 */
export class RoomSession {
  /** The people this board remembers, as far as this copy knows (the store holds them all). */
  private known: Record<string, KnownParticipant>;

  constructor(
    private data: StoredSession,
    participants: Readonly<Record<string, KnownParticipant>> = {},
  ) {
    this.known = dictFrom(participants);
  }

  get state(): Omit<SessionState, 'votes' | 'voters'> {
    return this.data.state;
  }

  /** The state everyone may see (vote totals only when visible). */
  visible(): SessionState {
    const s = this.data.state;
    return { ...s, votes: visibleTotals(this.data.ledger, s.settings, s.votesRevealed), voters: voterCount(this.data.ledger) };
  }

  mine(participant: string): MyVotes {
    return myVotes(this.data.ledger, this.data.state.settings, participant);
  }

  participants(): Record<string, KnownParticipant> {
    return this.known;
  }

  knows(participant: string): boolean {
    return own(this.known, participant) !== undefined;
  }

  /**
   * Remembers a participant; true when that changed anything worth storing. Past
   * {@link MAX_REMEMBERED_PARTICIPANTS}, newcomers are not remembered (a locked board would not let
   * them back); with several processes the store counts for all of them and may still refuse (then
   * {@link forget}).
   */
  remember(participant: string, who: KnownParticipant): boolean {
    const known = own(this.known, participant);
    if (known && known.name === who.name && known.role === who.role) return false;
    if (!known && Object.keys(this.known).length >= MAX_REMEMBERED_PARTICIPANTS) return false;
    this.known[participant] = { name: who.name, role: who.role };
    return true;
  }

  /** Takes in someone the store remembers (another process remembered them), whatever the count here. */
  learn(participant: string, who: KnownParticipant): void {
    this.known[participant] = { name: who.name, role: who.role };
  }

  /** Drops someone {@link remember} took in but the store refused (the board was full). */
  forget(participant: string): void {
    delete this.known[participant];
  }

  toJSON(): StoredSession {
    return this.data;
  }

  /** Puts back what {@link toJSON} returned (a command whose write failed is undone this way); the people remembered stay. */
  restore(data: StoredSession): void {
    this.data = data;
  }

  /**
   * Applies `command` from `role`/`participant`; throws RuleError on refusal. `cardKind` tells the
   * kind of a card for votes. Returns whether votes changed (their owner must hear `votes:mine`).
   */
  apply(command: Command, role: Role, participant: string, now: number, cardKind: (id: string) => string | undefined): boolean {
    if (!can(role, PERMISSION_FOR[command.type])) {
      throw new RuleError(ERROR_CODES.forbidden, `The ${role} role may not ${command.type.replace('.', ' ')}.`);
    }
    const s = this.data.state;
    const stepDuration = (step: number) => s.settings.steps[step]?.durationMs ?? 60_000;
    let next: Omit<SessionState, 'votes' | 'voters'> = s;
    let votesChanged = false;
    switch (command.type) {
      case 'timer.start':
        next = { ...s, timer: startTimer({ ...s.timer, step: s.step }, command.durationMs ?? stepDuration(s.step), now) };
        break;
      case 'timer.pause':
        if (s.timer.status !== 'running') throw new RuleError(ERROR_CODES.invalid, 'The timer is not running.');
        next = { ...s, timer: pauseTimer(s.timer, now) };
        break;
      case 'timer.resume':
        if (s.timer.status !== 'paused') throw new RuleError(ERROR_CODES.invalid, 'The timer is not paused.');
        next = { ...s, timer: resumeTimer(s.timer, now) };
        break;
      case 'timer.extend':
        next = { ...s, timer: extendTimer(s.timer, command.ms, now) };
        break;
      case 'timer.reset':
        next = { ...s, timer: idleTimer(s.step, stepDuration(s.step)) };
        break;
      case 'step.goto':
        if (command.step >= s.settings.steps.length) {
          throw new RuleError(ERROR_CODES.invalid, `There is no step ${command.step + 1}; this board has ${s.settings.steps.length}.`);
        }
        next = { ...s, step: command.step, timer: idleTimer(command.step, stepDuration(command.step)) };
        break;
      case 'votes.reveal':
        next = { ...s, votesRevealed: command.revealed };
        break;
      case 'board.lock':
        next = { ...s, locked: command.locked };
        break;
      case 'settings.update': {
        const merged = settingsSchema.safeParse({ ...s.settings, ...command.settings });
        if (!merged.success) throw new RuleError(ERROR_CODES.invalid, `Those settings are not valid: ${merged.error.issues[0]?.message ?? 'bad value'}.`);
        const settings = merged.data;
        const step = Math.min(s.step, settings.steps.length - 1);
        const timer = s.timer.status === 'idle' || step !== s.step ? idleTimer(step, settings.steps[step]?.durationMs ?? 60_000) : s.timer;
        next = { ...s, settings, step, timer };
        break;
      }
      case 'vote.add':
        if (votingOver(s.settings, s.step)) throw new RuleError(ERROR_CODES.notVotable, 'Voting is over: the group is past the voting step, so the dots stand.');
        this.data = { ...this.data, ledger: addVote(this.data.ledger, s.settings, participant, command.card, cardKind(command.card)) };
        votesChanged = true;
        break;
      case 'vote.remove':
        if (votingOver(s.settings, s.step)) throw new RuleError(ERROR_CODES.notVotable, 'Voting is over: the group is past the voting step, so the dots stand.');
        this.data = { ...this.data, ledger: removeVote(this.data.ledger, participant, command.card) };
        votesChanged = true;
        break;
      case 'help.request':
        if (command.requested === s.help.requested) return false; // already so: no new version, no broadcast
        next = { ...s, help: command.requested ? { requested: true, since: now } : { requested: false } };
        break;
    }
    this.data = { ...this.data, state: { ...next, version: s.version + 1 } };
    return votesChanged;
  }

  /** Lowers the group's hand (a mentor or the instructor came); false when it was not up. */
  lowerHand(): boolean {
    const s = this.data.state;
    if (!s.help.requested) return false;
    this.data = { ...this.data, state: { ...s, help: { requested: false }, version: s.version + 1 } };
    return true;
  }

  /** Shows the workshop's notice on this board; false when it already showed it. */
  setNotice(notice: Notice): boolean {
    const s = this.data.state;
    if (JSON.stringify(s.notice) === JSON.stringify(notice)) return false;
    this.data = { ...this.data, state: { ...s, notice, version: s.version + 1 } };
    return true;
  }

  /** Dots spent on this board in all. */
  votesCast(): number {
    let total = 0;
    for (const p of Object.keys(this.data.ledger)) for (const n of Object.values(own(this.data.ledger, p) ?? {})) total += n;
    return total;
  }

  get lastActivity(): number | undefined {
    return this.data.lastActivity;
  }

  /** Notes the time of the board's last change; stored with the next session write. */
  touch(now: number): void {
    this.data = { ...this.data, lastActivity: now };
  }

  /** Finishes a running timer whose time is up; true when it did. */
  tick(now: number): boolean {
    const s = this.data.state;
    const timer = tickTimer(s.timer, now);
    if (timer === s.timer) return false;
    this.data = { ...this.data, state: { ...s, timer, version: s.version + 1 } };
    return true;
  }

  /**
   * Gives back dots spent on cards that are gone, or moves them to the card a gone card was merged
   * into (`mergedInto`; only a card of a votable kind takes them, V3, V7); returns the participants
   * whose dots changed.
   */
  prune(exists: (card: string) => boolean, mergedInto?: (card: string) => { id: string; kind: string } | undefined): string[] {
    const before = this.data.ledger;
    const { votableKinds, maxVotesPerCard } = this.data.state.settings;
    const into = (card: string) => {
      const survivor = mergedInto?.(card);
      return survivor && (votableKinds as readonly string[]).includes(survivor.kind) ? survivor.id : undefined;
    };
    const after = pruneVotes(before, exists, { into, maxVotesPerCard });
    if (after === before) return [];
    const changed = Object.keys(before).filter((p) => JSON.stringify(own(before, p)) !== JSON.stringify(own(after, p)));
    this.data = { ...this.data, ledger: after, state: { ...this.data.state, version: this.data.state.version + 1 } };
    return changed;
  }
}
