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
  // TODO: fields for the permit (a boolean) and for the function that resumes the
  // parked waiter (the `resolve` of a promise), if one is parked.

  /**
   * Resolve once a permit is available, consuming it. If `unpark` already ran since
   * the last `park`, resolves at once.
   */
  park(): Promise<void> {
    // TODO: with a permit, consume it and return at once. Without one, wait on a new
    // promise whose resolve function unpark() can call.
    throw new Error("not implemented: Parker.park");
  }

  /** Wake the parked waiter, or, if nobody is parked, leave a permit for the next `park`. */
  unpark(): void {
    throw new Error("not implemented: Parker.unpark");
  }
}
