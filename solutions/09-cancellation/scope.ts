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

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { type Spawn, spawnAbortable, type TaskHandle } from "./abort.ts";
import {
  cancel,
  type Cancellable,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";
import {
  ClosedError,
  PolledAfterCompletionError,
} from "../../lessons/contract/errors.ts";

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
  #spawnTask: Spawn;
  #makeBody: (scope: Scope) => Future<T>;
  #body: Future<T> | undefined;
  #result: { readonly value: T } | undefined;
  #children = new Set<TaskHandle<unknown>>();
  #failure: { readonly error: unknown } | undefined;
  #waker: Waker | undefined;
  #done = false;

  constructor(spawn: Spawn, body: (scope: Scope) => Future<T>) {
    this.#spawnTask = spawn;
    this.#makeBody = body;
  }

  spawn<U>(future: Future<U>): TaskHandle<U> {
    if (this.#done) {
      throw new ClosedError("this scope (it has ended; spawn in a live one)");
    }
    // The child tells the scope when it ends, however it ends.
    const reporting: Future<U> & Cancellable = {
      poll: (cx: Context): Poll<U> => {
        let polled: Poll<U>;
        try {
          polled = future.poll(cx);
        } catch (error) {
          this.#childEnded(child, { error });
          throw error;
        }
        if (polled.ready) this.#childEnded(child);
        return polled;
      },
      cancel: () => {
        // The child has ended even if its cleanup (a `finally`) throws: count it
        // out either way, or the scope would wait for it forever.
        try {
          cancel(future);
        } catch (error) {
          this.#childEnded(child, { error });
          throw error;
        }
        this.#childEnded(child);
      },
    };
    const child = spawnAbortable(this.#spawnTask, reporting);
    this.#children.add(child);
    // Spawned after a failure, while the others wind down: it starts stopped.
    if (this.#failure !== undefined) child.abort();
    return child;
  }

  poll(cx: Context): Poll<T> {
    if (this.#done) throw new PolledAfterCompletionError("a scope");
    this.#waker = cx.waker;
    if (this.#failure === undefined && this.#result === undefined) {
      this.#body ??= this.#makeBody(this);
      try {
        const polled = this.#body.poll(cx);
        if (polled.ready) this.#result = { value: polled.value };
      } catch (error) {
        this.#fail(error);
      }
    }
    // Not before every child has ended, whatever the body did.
    if (this.#children.size > 0) return PENDING;
    if (this.#failure !== undefined) {
      this.#done = true;
      throw this.#failure.error;
    }
    if (this.#result === undefined) return PENDING;
    this.#done = true;
    return ready(this.#result.value);
  }

  /** Abort every child and cancel the body: nobody waits for this scope any more. */
  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    this.#waker = undefined;
    if (this.#body !== undefined && this.#result === undefined) {
      cancel(this.#body);
    }
    for (const child of this.#children) child.abort();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  #childEnded(
    child: TaskHandle<unknown>,
    failure?: { readonly error: unknown },
  ): void {
    if (!this.#children.delete(child)) return;
    // A child the scope aborted ends through `cancel`, with no failure: only errors
    // its own code threw count (its cleanup's too, though a first failure wins).
    if (failure !== undefined) this.#fail(failure.error);
    this.#waker?.wake();
  }

  /** Record the first failure; abort every child still running. Later ones are dropped. */
  #fail(error: unknown): void {
    if (this.#failure !== undefined) return;
    this.#failure = { error };
    if (this.#body !== undefined && this.#result === undefined) {
      cancel(this.#body);
    }
    for (const child of this.#children) child.abort();
  }
}
