/**
 * Structured concurrency: tasks started in a scope end within it. A scope is a future
 * that is not ready until its body and every task spawned in it have ended, so no
 * child outlives it. If the body or a child fails, the scope aborts everything still
 * running in it, waits for those to end, and then throws the first error, once. It is
 * Trio's nursery, Kotlin's `coroutineScope`, Java's `StructuredTaskScope`.
 *
 * ```ts
 * const both = scope(spawn, (s) => {
 *   const a = s.spawn(fetchA());
 *   const b = s.spawn(fetchB());   // if fetchA fails, fetchB is aborted
 *   return join(a, b);
 * });
 * ```
 *
 * @module
 */

import type { Context, Future, Poll } from "../01-futures/future.ts";
import type { Spawn, TaskHandle } from "./abort.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want PENDING, ready and the Waker type; ClosedError and
// PolledAfterCompletionError from "../contract/errors.ts"; cancel and Cancellable
// from "../contract/cancel.ts"; spawnAbortable from "./abort.ts".

/** What a scope's body uses to start tasks that belong to the scope. */
export interface Scope {
  /** Start `future` as a child task of this scope; a `ClosedError` once the scope has ended. */
  spawn<T>(future: Future<T>): TaskHandle<T>;
}

/**
 * A future that runs `body` in a new scope: ready with the body's value once the body
 * and all its children have ended; throws the first failure, after aborting the rest.
 */
export function scope<T>(
  spawn: Spawn,
  body: (scope: Scope) => Future<T>,
): CancellableFuture<T> {
  return new ScopeFuture(spawn, body);
}

/** The future {@linkcode scope} returns. */
class ScopeFuture<T> implements CancellableFuture<T>, Scope {
  // TODO: the spawn function and the body's maker; the body once made and its
  // result; the children still running; the first failure; the waker; done.

  constructor(spawn: Spawn, body: (scope: Scope) => Future<T>) {
    void spawn, body;
  }

  spawn<U>(future: Future<U>): TaskHandle<U> {
    // TODO: refuse once the scope has ended. The scope must hear of the child's end
    // however it comes: a value, a throw, or the cancel() an abort makes (even one
    // whose cleanup throws). A child spawned after a failure never runs.
    void future;
    throw new Error("not implemented: ScopeFuture.spawn");
  }

  poll(cx: Context): Poll<T> {
    // TODO: keep the waker; poll the body (made on the first poll) unless it has
    // failed or finished; pending while any child is left; then throw the first
    // failure, or answer the body's value.
    void cx;
    throw new Error("not implemented: ScopeFuture.poll");
  }

  /** Abort every child and cancel the body: nobody waits for this scope any more. */
  cancel(): void {
    throw new Error("not implemented: ScopeFuture.cancel");
  }

  /** Cancel, at the end of a `using` scope (given). */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /** A child ended: forget it, record its failure if it failed, wake the scope. */
  #childEnded(
    child: TaskHandle<unknown>,
    failure?: { readonly error: unknown },
  ): void {
    // TODO: a child the scope aborted ends through its cancel(), with no failure:
    // only errors its own code threw count.
    void child, failure;
    throw new Error("not implemented: ScopeFuture.#childEnded");
  }

  /** Record the first failure; abort every child still running. Later ones are dropped. */
  #fail(error: unknown): void {
    void error;
    throw new Error("not implemented: ScopeFuture.#fail");
  }
}
