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
    return performance.now();
  }

  /** Wait on a real timer until `deadline`, or until `signal` aborts. */
  waitUntil(deadline: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      const stop = () => {
        clearTimeout(id);
        resolve();
      };
      const id = setTimeout(() => {
        signal?.removeEventListener("abort", stop);
        resolve();
      }, Math.max(0, deadline - this.now()));
      signal?.addEventListener("abort", stop, { once: true });
    });
  }
}

/**
 * A clock that stands still until it is moved: by a test with
 * {@linkcode VirtualClock.advance}, or by the event loop when every task waits for a
 * timer (tokio's paused time does the same).
 */
export class VirtualClock implements Clock {
  #now: number;

  /** @param start the time the clock shows at first. */
  constructor(start = 0) {
    this.#now = start;
  }

  /** The time the clock shows. */
  now(): number {
    return this.#now;
  }

  /** Move the clock forward by `ms`. */
  advance(ms: number): void {
    if (!(ms >= 0)) {
      throw new RangeError(`a clock only moves forward, not by ${ms} ms`);
    }
    this.#now += ms;
  }

  /** Jump straight to `deadline` (if it is later than now): nobody needs to wait. */
  waitUntil(deadline: number, _signal?: AbortSignal): Promise<void> {
    if (deadline > this.#now) this.#now = deadline;
    return Promise.resolve();
  }
}
