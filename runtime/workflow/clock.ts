/**
 * Workflow time is wall-clock time: a sleep's wake-up time is written to disk and
 * read by another process after a restart, so it must mean the same there.
 * `performance.now()` (the runtime's usual clock) counts from each process's start.
 *
 * @module
 */

import { SystemClock } from "../../lessons/05-timers/clock.ts";

/**
 * The system's wall clock, in milliseconds since the epoch: lesson 05's
 * `SystemClock`, which waits on real timers, reading `Date.now()`.
 *
 * @example
 * ```ts
 * const rt = new Runtime({ clock: new WallClock() });
 * ```
 */
export class WallClock extends SystemClock {
  /** Milliseconds since 1970-01-01 UTC. */
  override now(): number {
    return Date.now();
  }
}
