/**
 * The reactor turns Deno's completion-style IO into the readiness the runtime's
 * futures wait for. Deno hands back a promise for each operation; the reactor watches
 * it, and when it settles, passes the outcome to the source that started it (which
 * wakes exactly the task waiting on it) and tells the parked event loop.
 *
 * ```
 *  source ── start conn.read() ──► reactor.watch(promise, complete)
 *                                        │ settles (Deno's event loop)
 *                                        ▼
 *              complete(outcome): store the bytes, wake the waiting task
 *              notify: the event loop's park (wait()) ends
 * ```
 *
 * @module
 */

import type { IoDriver } from "../05-timers/event_loop.ts";
import { type Outcome } from "../contract/outcome.ts";

/** Watches IO operations in flight and wakes the event loop when one completes. */
export class Reactor implements IoDriver {
  #inFlight = 0;
  #waiting: Promise<void> | undefined;
  #notify: (() => void) | undefined;

  /** How many watched operations have not settled yet. */
  get inFlight(): number {
    throw new Error("not implemented: Reactor.inFlight");
  }

  /**
   * Watch an operation Deno has started. When it settles, `complete` receives its
   * outcome; it is where a source records readiness and wakes its waiting task.
   */
  watch<T>(
    operation: Promise<T>,
    complete: (outcome: Outcome<T>) => void,
  ): void {
    // TODO: count it in flight; when it settles (then, with both callbacks), count it
    // out, call complete with the outcome, then resolve the promise wait() handed out.
    void operation, complete;
    throw new Error("not implemented: Reactor.watch");
  }

  /**
   * Resolves once a watched operation has completed (after its `complete` ran). Every
   * caller until then shares one promise.
   */
  wait(): Promise<void> {
    throw new Error("not implemented: Reactor.wait");
  }

  #settle<T>(
    complete: (outcome: Outcome<T>) => void,
    outcome: Outcome<T>,
  ): void {
    // TODO (or do this inside watch, if you prefer).
    void complete, outcome;
    throw new Error("not implemented: Reactor.#settle");
  }
}
