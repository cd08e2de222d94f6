/**
 * A parker lets one waiter sleep until someone unparks it. It holds at most one
 * permit: an `unpark` that comes before `park` is kept, not lost, and many `unpark`s
 * before one `park` still count once. That permit is what saves a wake that arrives
 * while the future is still being polled.
 *
 * @module
 */

/** One waiter, one permit (the idea behind Rust's `std::thread::park`). */
export class Parker {
  #permit = false;
  #wakeWaiter: (() => void) | undefined;

  /**
   * Resolve once a permit is available, consuming it. If `unpark` already ran since
   * the last `park`, resolves at once.
   */
  async park(): Promise<void> {
    // Stryker disable next-line ConditionalExpression,BlockStatement: optional; the README leaves this check to the learner
    if (this.#wakeWaiter !== undefined) {
      throw new Error("Parker.park: only one waiter may be parked at a time");
    }
    if (!this.#permit) {
      await new Promise<void>((resolve) => this.#wakeWaiter = resolve);
      this.#wakeWaiter = undefined;
    }
    // Consume the permit only now that the waiter runs again: every unpark up to this
    // point is answered by what the waiter does next, so they all count as one.
    this.#permit = false;
  }

  /** Wake the parked waiter, or, if nobody is parked, leave a permit for the next `park`. */
  unpark(): void {
    this.#permit = true;
    this.#wakeWaiter?.();
  }
}
