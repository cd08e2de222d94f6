/**
 * An `async` function is a state machine the compiler writes for you: each `await` is a
 * place where the function stops, and a `resume(value)` that starts it again from
 * there. A generator function is the same machine, written by JavaScript itself: each
 * `yield` stops it, and `next(value)` resumes it. TypeScript's down-level emit turns
 * `async` functions into exactly this (its `__awaiter` helper drives a generator), and
 * Rust's compiler turns an `async fn` into an enum with one variant per `.await`.
 *
 * So a task can run a generator: the generator yields the future it waits for, the
 * driver polls that future, and when it is ready, sends its value back in with `next`.
 *
 * ```ts
 * // rt: the Runtime that run() (runtime/mod.ts) hands main; receiver: lesson 07's.
 * const greet = coroutine(function* () {
 *   yield* wait(rt.sleep(100));         // like: await rt.sleep(100)
 *   const name = yield* wait(receiver.recv());
 *   return `hello, ${name}`;
 * });
 * ```
 *
 * @module
 */

import type { Context, Future, Poll } from "../01-futures/future.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want PENDING and ready from "../01-futures/future.ts",
// PolledAfterCompletionError from "../contract/errors.ts", and cancel from
// "../contract/cancel.ts".

/** The body of a coroutine: a generator that yields futures and returns a `T`. */
export type CoroutineBody<T> = Generator<Future<unknown>, T, unknown>;

/**
 * Wait for `future` inside a coroutine: `const value = yield* wait(future)`. A bare
 * `yield future` works too, but TypeScript cannot know what a `yield` evaluates to
 * (every `yield` in a generator shares one type); delegating to this tiny generator
 * gives the value the future's type.
 */
// deno-lint-ignore require-yield
export function* wait<T>(future: Future<T>): Generator<Future<T>, T, unknown> {
  // TODO: yield the future, and return what the driver sends back in (cast to T).
  void future;
  throw new Error("not implemented: wait");
}

/**
 * A future that runs `body`, a generator function, as a coroutine: it starts on the
 * first poll (futures are lazy), and each future it yields is awaited.
 */
export function coroutine<T>(body: () => CoroutineBody<T>): Coroutine<T> {
  return new Coroutine(body);
}

/** The driver: polls what the generator waits for and resumes it with the outcome. */
export class Coroutine<T> implements CancellableFuture<T> {
  #body: () => CoroutineBody<T>;
  // TODO: the generator, once made; the future it is waiting for, between polls;
  // and whether it is running, done or cancelled.

  /** Made by {@linkcode coroutine}. */
  constructor(body: () => CoroutineBody<T>) {
    this.#body = body;
  }

  /**
   * Run the generator until it waits for a future that is pending (answer pending) or
   * returns (answer its value). What it throws, this throws.
   */
  poll(cx: Context): Poll<T> {
    // TODO: refuse a poll once done ("a coroutine") or cancelled ("a cancelled
    // coroutine"), with PolledAfterCompletionError.
    // Make the generator on the first poll; on later ones, poll #waitingFor first.
    // Then resume the generator (next with a value, throw with an error) until it
    // returns (ready) or yields a future that is pending (keep it; PENDING).
    void cx, this.#body;
    throw new Error("not implemented: Coroutine.poll");
  }

  /**
   * Stop the coroutine where it waits: cancel the future it waits for, then make its
   * `yield` return, which runs its `finally` blocks as a `return` there would. A
   * `finally` that waits again has that wait cancelled too: nothing can wait any more.
   */
  cancel(): void {
    // TODO: cancel what it waits for, then generator.return(): its finally blocks run.
    throw new Error("not implemented: Coroutine.cancel");
  }

  /** Cancel, at the end of a `using` scope (given). */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
