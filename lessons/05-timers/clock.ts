/**
 * Where time comes from. The runtime never reads the time directly: it asks a
 * {@linkcode Clock}, so tests can hand it a {@linkcode VirtualClock} that only moves
 * when told to, and a test of a one-hour timeout takes no time at all.
 *
 * @module
 */

/** A source of time, in milliseconds from an arbitrary start. */
export interface Clock {
  /** The current time. Never goes backwards. */
  now(): number;
  /**
   * Let time pass until `deadline`, because nothing can happen before it. The system
   * clock waits for it; a virtual clock jumps to it at once. If `signal` is aborted
   * first (something else woke a task), resolve early.
   */
  waitUntil(deadline: number, signal?: AbortSignal): Promise<void>;
}

/** The real time, from `performance.now()`. */
export class SystemClock implements Clock {
  /** Milliseconds since the process started. */
  now(): number {
    throw new Error("not implemented: SystemClock.now");
  }

  /** Wait on a real timer until `deadline`, or until `signal` aborts. */
  waitUntil(deadline: number, signal?: AbortSignal): Promise<void> {
    // TODO: a promise that resolves from a setTimeout of (deadline - now) ms, at
    // least 0. If the signal aborts first, clearTimeout and resolve: a timer left
    // running would fail Deno's op sanitizer.
    void deadline, signal;
    throw new Error("not implemented: SystemClock.waitUntil");
  }
}

/**
 * A clock that stands still until it is moved: by a test with
 * {@linkcode VirtualClock.advance}, or by the event loop when every task waits for a
 * timer (tokio's paused time does the same).
 */
export class VirtualClock implements Clock {
  /** @param start the time the clock shows at first. */
  constructor(start = 0) {
    // TODO: remember the current time.
    void start;
  }

  /** The time the clock shows. */
  now(): number {
    throw new Error("not implemented: VirtualClock.now");
  }

  /** Move the clock forward by `ms`. */
  advance(ms: number): void {
    // TODO: a negative (or NaN) ms is a RangeError.
    void ms;
    throw new Error("not implemented: VirtualClock.advance");
  }

  /** Jump straight to `deadline` (if it is later than now): nobody needs to wait. */
  waitUntil(deadline: number, _signal?: AbortSignal): Promise<void> {
    void deadline;
    throw new Error("not implemented: VirtualClock.waitUntil");
  }
}
