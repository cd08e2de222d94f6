/**
 * A first-in, first-out queue of waiters, with removal from the middle. Every primitive
 * of this lesson keeps the tasks waiting on it in one, so they are served in the order
 * they came (fairness), and a waiter that gives up (is cancelled) can leave its place.
 *
 * @module
 */

/**
 * A queue of waiters. A `Set` keeps insertion order and removes in O(1), which is all
 * a wait queue needs; this class only gives those operations their queue names.
 */
export class WaitQueue<W> {
  #waiters = new Set<W>();

  /** How many are waiting. */
  get size(): number {
    return this.#waiters.size;
  }

  /** Add `waiter` at the back. */
  push(waiter: W): void {
    this.#waiters.add(waiter);
  }

  /** The waiter at the front, left in place; `undefined` if none waits. */
  first(): W | undefined {
    for (const waiter of this.#waiters) return waiter;
    return undefined;
  }

  /** Take the waiter at the front out; `undefined` if none waits. */
  shift(): W | undefined {
    const waiter = this.first();
    if (waiter !== undefined) this.#waiters.delete(waiter);
    return waiter;
  }

  /** Take `waiter` out wherever it is; false if it was not waiting. */
  remove(waiter: W): boolean {
    return this.#waiters.delete(waiter);
  }

  /** Take every waiter out, in order. */
  drain(): W[] {
    const all = [...this.#waiters];
    this.#waiters.clear();
    return all;
  }
}
