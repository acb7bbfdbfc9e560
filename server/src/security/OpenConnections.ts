/**
 * Open connections per address, over both transports. A rate limit bounds how fast one address may
 * connect; this bounds how many it may hold at once, so one machine cannot take every socket the
 * process has. The default leaves room for a class behind one venue address, several tabs each.
 */
export class OpenConnections {
  private readonly open = new Map<string, number>();

  constructor(private readonly maxPerAddress: number) {}

  /** Counts one more connection from `address`; its release (idempotent), or null when it is at the cap. */
  tryOpen(address: string): (() => void) | null {
    const now = this.open.get(address) ?? 0;
    if (now >= this.maxPerAddress) return null;
    this.open.set(address, now + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(address) ?? 1) - 1;
      if (left <= 0) this.open.delete(address);
      else this.open.set(address, left);
    };
  }

  /** Open connections from `address` now. */
  count(address: string): number {
    return this.open.get(address) ?? 0;
  }
}
