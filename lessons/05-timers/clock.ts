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

  /**
   * Wait on a real timer until `deadline`, or until `signal` aborts. A deadline
   * further off than one host timer can reach is waited for in steps; `Infinity`
   * waits for the signal alone.
   */
  waitUntil(deadline: number, signal?: AbortSignal): Promise<void> {
    // TODO: a promise that resolves once now() reaches the deadline, from a
    // setTimeout of at most 2^31 - 1 ms (longer, and it fires at once) that sets
    // another until the time has come. If the signal aborts first, clearTimeout and
    // resolve: a timer left running would fail Deno's op sanitizer. NaN: reject.
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
  /** @param start the time the clock shows at first; a finite number. */
  constructor(start = 0) {
    // TODO: remember the current time; a start that is not finite is a RangeError.
    void start;
  }

  /** The time the clock shows. */
  now(): number {
    throw new Error("not implemented: VirtualClock.now");
  }

  /** Move the clock forward by `ms`, a finite number of 0 or more. */
  advance(ms: number): void {
    // TODO: a negative, NaN or infinite ms is a RangeError.
    void ms;
    throw new Error("not implemented: VirtualClock.advance");
  }

  /**
   * Jump straight to `deadline` (if it is later than now): nobody needs to wait. A
   * deadline that is not a finite time is refused (a rejected promise): a clock at
   * `Infinity` would make every timer due at once.
   */
  waitUntil(deadline: number, _signal?: AbortSignal): Promise<void> {
    void deadline;
    throw new Error("not implemented: VirtualClock.waitUntil");
  }
}
