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

// The longest delay `setTimeout` honours: a signed 32-bit count of ms, 24.8 days.
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/** The real time, from `performance.now()`. */
export class SystemClock implements Clock {
  /** Milliseconds since the process started. */
  now(): number {
    return performance.now();
  }

  /**
   * Wait on a real timer until `deadline`, or until `signal` aborts. A deadline
   * further off than one host timer can reach is waited for in steps; `Infinity`
   * waits for the signal alone.
   */
  waitUntil(deadline: number, signal?: AbortSignal): Promise<void> {
    if (Number.isNaN(deadline)) {
      return Promise.reject(new RangeError("cannot wait until NaN"));
    }
    return new Promise((resolve) => {
      if (signal?.aborted) return resolve();
      let id: ReturnType<typeof setTimeout> | undefined;
      const stop = () => {
        clearTimeout(id);
        resolve();
      };
      const step = () => {
        const left = deadline - this.now();
        if (left <= 0) {
          signal?.removeEventListener("abort", stop);
          return resolve();
        }
        // A host timer takes at most 2^31 - 1 ms: longer, and it fires at once.
        id = setTimeout(step, Math.min(left, MAX_TIMER_DELAY));
      };
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: an AbortSignal aborts once
      signal?.addEventListener("abort", stop, { once: true });
      step();
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

  /** @param start the time the clock shows at first; a finite number. */
  constructor(start = 0) {
    if (!Number.isFinite(start)) {
      throw new RangeError(`a clock starts at a finite time, not ${start}`);
    }
    this.#now = start;
  }

  /** The time the clock shows. */
  now(): number {
    return this.#now;
  }

  /** Move the clock forward by `ms`, a finite number of 0 or more. */
  advance(ms: number): void {
    if (!(ms >= 0) || ms === Infinity) {
      throw new RangeError(
        `a clock moves forward by a finite time, not by ${ms} ms`,
      );
    }
    this.#now += ms;
  }

  /**
   * Jump straight to `deadline` (if it is later than now): nobody needs to wait. A
   * deadline that is not a finite time is refused: a clock at `Infinity` would make
   * every timer due at once.
   */
  waitUntil(deadline: number, _signal?: AbortSignal): Promise<void> {
    if (!Number.isFinite(deadline)) {
      return Promise.reject(
        new RangeError(`a virtual clock cannot jump to ${deadline}`),
      );
    }
    // Stryker disable next-line EqualityOperator: at an equal deadline, either way the time is the same
    if (deadline > this.#now) this.#now = deadline;
    return Promise.resolve();
  }
}
