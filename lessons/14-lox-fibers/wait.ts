/**
 * What a native hands the fiber when it must wait: a runtime future, wrapped so that
 * its result becomes a Lox value, its failure a Lox runtime error with a clear
 * message, and so that a snapshot can tell what the fiber waits for (a sleep can be
 * saved as "sleeping until T"; a socket read cannot be saved at all).
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
} from "../01-futures/future.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import type { Outcome } from "../../lessons/contract/outcome.ts";
import type { Value } from "../12-lox-compiler/value.ts";

/** Why a fiber waits, as a snapshot sees it. */
export type WaitReason =
  | { readonly type: "sleep"; readonly until: number }
  | { readonly type: "host"; readonly what: string };

/**
 * A native's wait: `future`, then `finish` turns how it ended into the value the
 * fiber resumes with, or throws the Lox runtime error the fiber fails with.
 */
export class NativeWait<T> implements CancellableFuture<Value> {
  /** What the fiber waits for. */
  readonly reason: WaitReason;
  #future: Future<T>;
  #finish: (outcome: Outcome<T>) => Value;
  #done = false;

  /**
   * @param reason what the fiber waits for, for snapshots and messages.
   * @param future the runtime future.
   * @param finish its outcome to a Lox value; throws to fail the fiber.
   */
  constructor(
    reason: WaitReason,
    future: Future<T>,
    finish: (outcome: Outcome<T>) => Value,
  ) {
    this.reason = reason;
    this.#future = future;
    this.#finish = finish;
  }

  /** Poll the runtime future; once it has ended, answer its Lox value. */
  poll(cx: Context): Poll<Value> {
    if (this.#done) throw new PolledAfterCompletionError("a native's wait");
    let outcome: Outcome<T>;
    try {
      const polled = this.#future.poll(cx);
      if (!polled.ready) return PENDING;
      outcome = { ok: true, value: polled.value };
    } catch (error) {
      outcome = { ok: false, error };
    }
    this.#done = true;
    return ready(this.#finish(outcome));
  }

  /** Cancel the runtime future (its timer, its place in a queue). Idempotent. */
  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    cancel(this.#future);
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
