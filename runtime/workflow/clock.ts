/**
 * Workflow time is wall-clock time: a sleep's wake-up time is written to disk and
 * read by another process after a restart, so it must mean the same there.
 * `performance.now()` (the runtime's usual clock) counts from each process's start.
 *
 * @module
 */

import type { Clock } from "../../lessons/05-timers/clock.ts";

// The longest delay `setTimeout` honours: a signed 32-bit count of ms, 24.8 days.
const MAX_TIMER_DELAY = 2 ** 31 - 1;

/**
 * The system's wall clock, in milliseconds since the epoch.
 *
 * @example
 * ```ts
 * const rt = new Runtime({ clock: new WallClock() });
 * ```
 */
export class WallClock implements Clock {
  /** Milliseconds since 1970-01-01 UTC. */
  now(): number {
    return Date.now();
  }

  /** Wait on a real timer until `deadline`, or until `signal` aborts. */
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
        id = setTimeout(step, Math.min(left, MAX_TIMER_DELAY));
      };
      signal?.addEventListener("abort", stop, { once: true });
      step();
    });
  }
}
