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

import type { IoDriver } from "../../lessons/05-timers/event_loop.ts";
import { type Outcome } from "../../lessons/contract/outcome.ts";

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
    return this.#inFlight;
  }

  /**
   * Watch an operation Deno has started. When it settles, `complete` receives its
   * outcome; it is where a source records readiness and wakes its waiting tasks.
   */
  watch<T>(
    operation: Promise<T>,
    complete: (outcome: Outcome<T>) => void,
  ): Watch {
    let counted = true;
    let settled = false;
    this.#inFlight++;
    const settle = (outcome: Outcome<T>) => {
      settled = true;
      if (counted) this.#inFlight--;
      complete(outcome);
      this.#wakeLoop();
    };
    operation.then(
      (value) => settle({ ok: true, value }),
      (error) => settle({ ok: false, error }),
    );
    return {
      detach: () => {
        if (settled || !counted) return;
        counted = false;
        this.#inFlight--;
      },
      attach: () => {
        if (settled || counted) return;
        counted = true;
        this.#inFlight++;
      },
    };
  }

  /**
   * Resolves once a watched operation has completed (after its `complete` ran). Every
   * caller until then shares one promise.
   */
  wait(): Promise<void> {
    this.#waiting ??= new Promise((resolve) => this.#notify = resolve);
    return this.#waiting;
  }

  #wakeLoop(): void {
    const notify = this.#notify;
    if (notify === undefined) return;
    this.#notify = undefined;
    this.#waiting = undefined;
    notify();
  }
}
