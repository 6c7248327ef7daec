/**
 * Runs tasks so that two sharing any key never overlap, each starting after every earlier task that shares a key
 * with it has settled, in the order they were queued. Tasks with no key in common run side by side. Used for
 * password checks: one at a time per account and per connection, so a burst of guesses is counted one by one.
 */
export class KeyedSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  run<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    const earlier = keys.flatMap((k) => {
      const tail = this.tails.get(k);
      return tail === undefined ? [] : [tail];
    });
    const result = Promise.all(earlier).then(task);
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    for (const key of keys) this.tails.set(key, settled);
    void settled.then(() => {
      for (const key of keys) if (this.tails.get(key) === settled) this.tails.delete(key);
    });
    return result;
  }

  /** Keys with a task queued or running (empty when idle: nothing is kept for keys seen once). */
  get busyKeys(): number {
    return this.tails.size;
  }
}
