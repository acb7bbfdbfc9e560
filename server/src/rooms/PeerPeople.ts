/**
 * How long what another process said about who is connected to it counts. Each process says it again
 * every 20 s (RoomManager), so a process that died is forgotten within 45 s, as its presence is
 * within y-protocols' 30 s.
 */
export const PEOPLE_TTL_MS = 45_000;

/** Who is connected to a board through the other processes, as each last said (online counts). */
export class PeerPeople {
  private readonly byProcess = new Map<string, { participants: string[]; at: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** `process` says these participants are connected to it now. */
  heard(process: string, participants: string[]): void {
    this.byProcess.set(process, { participants, at: this.now() });
  }

  /** Forgets the processes that stopped saying (one that died); true when it forgot any. */
  forgetSilent(): boolean {
    let forgot = false;
    const now = this.now();
    for (const [process, entry] of this.byProcess) {
      if (now - entry.at <= PEOPLE_TTL_MS) continue;
      this.byProcess.delete(process);
      forgot = true;
    }
    return forgot;
  }

  /** How many different people are online: `local` and everyone the others still vouch for. */
  count(local: readonly string[]): number {
    this.forgetSilent();
    const people = new Set(local);
    for (const entry of this.byProcess.values()) for (const p of entry.participants) people.add(p);
    return people.size;
  }
}
