/**
 * Runs tasks one at a time per key (a workshop), in arrival order; tasks of different keys run freely.
 * A join reads the group sizes and then inserts: the store is synchronous, but the route awaits between
 * the two, so without this two joins could both see the same emptiest group.
 */
export class SerialByKey {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task);
    // The tail never rejects, so a failed task does not stop the ones queued behind it.
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    // Forget the key once its queue drains, so the map holds only workshops being joined right now.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
