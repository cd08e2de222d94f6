/**
 * The reactor turns Deno's completion-style IO into the readiness the runtime's
 * futures wait for. Deno hands back a promise for each operation; the reactor watches
 * it, and when it settles, passes the outcome to the source that started it (which
 * wakes exactly the tasks waiting on it) and tells the parked event loop.
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

/**
 * One watched operation. Deno cannot take an operation back once started, but the
 * program can stop waiting for it: a detached operation still reaches its `complete`
 * when it settles, but no longer counts as in flight, so an event loop with nothing
 * else to wait for reports a deadlock instead of waiting on it.
 */
export interface Watch {
  /** Nobody waits for it any more: stop counting it. Harmless once settled. */
  detach(): void;
  /** Someone waits for it again: count it again. Harmless once settled. */
  attach(): void;
}

/** Watches IO operations in flight and wakes the event loop when one completes. */
export class Reactor implements IoDriver {
  #inFlight = 0;
  #waiting: Promise<void> | undefined;
  #notify: (() => void) | undefined;

  /** How many watched operations, not detached, have not settled yet. */
  get inFlight(): number {
    throw new Error("not implemented: Reactor.inFlight");
  }

  /**
   * Watch an operation Deno has started. When it settles, `complete` receives its
   * outcome; it is where a source records readiness and wakes its waiting tasks.
   */
  watch<T>(
    operation: Promise<T>,
    complete: (outcome: Outcome<T>) => void,
  ): Watch {
    // TODO: count it in flight; when it settles (then, with both callbacks), count it
    // out (unless detached), call complete with the outcome, then resolve the promise
    // wait() handed out. Return its Watch: detach and attach move it out of and back
    // into the count, once each way, and do nothing once it has settled.
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
