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

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
} from "../../lessons/01-futures/future.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";

/** The body of a coroutine: a generator that yields futures and returns a `T`. */
export type CoroutineBody<T> = Generator<Future<unknown>, T, unknown>;

/**
 * Wait for `future` inside a coroutine: `const value = yield* wait(future)`. A bare
 * `yield future` works too, but TypeScript cannot know what a `yield` evaluates to
 * (every `yield` in a generator shares one type); delegating to this tiny generator
 * gives the value the future's type.
 */
export function* wait<T>(future: Future<T>): Generator<Future<T>, T, unknown> {
  // The driver sends back exactly what `future` produced, so this cast is the truth.
  return (yield future) as T;
}

/**
 * A future that runs `body`, a generator function, as a coroutine: it starts on the
 * first poll (futures are lazy), and each future it yields is awaited.
 */
export function coroutine<T>(body: () => CoroutineBody<T>): Coroutine<T> {
  return new Coroutine(body);
}

/** How the generator is to be resumed next. */
type Resume =
  | { readonly kind: "next"; readonly value: unknown }
  | { readonly kind: "throw"; readonly error: unknown };

/** The driver: polls what the generator waits for and resumes it with the outcome. */
export class Coroutine<T> implements CancellableFuture<T> {
  #body: () => CoroutineBody<T>;
  #generator: CoroutineBody<T> | undefined;
  // The future the generator is waiting for, between polls.
  #waitingFor: Future<unknown> | undefined;
  #state: "running" | "done" | "cancelled" = "running";

  /** Made by {@linkcode coroutine}. */
  constructor(body: () => CoroutineBody<T>) {
    this.#body = body;
  }

  /**
   * Run the generator until it waits for a future that is pending (answer pending) or
   * returns (answer its value). What it throws, this throws.
   */
  poll(cx: Context): Poll<T> {
    if (this.#state !== "running") {
      throw new PolledAfterCompletionError(
        // Stryker disable next-line ConditionalExpression,EqualityOperator: it only picks the message's wording, which no test pins
        this.#state === "done" ? "a coroutine" : "a cancelled coroutine",
      );
    }
    let resume: Resume = { kind: "next", value: undefined };
    if (this.#generator === undefined) {
      try {
        this.#generator = this.#body();
      } catch (error) {
        this.#finish();
        throw error;
      }
    } else if (this.#waitingFor !== undefined) {
      const polled = this.#pollAwaited(this.#waitingFor, cx);
      if (polled === undefined) return PENDING;
      resume = polled;
    }
    const generator = this.#generator;
    for (;;) {
      let step: IteratorResult<Future<unknown>, T>;
      try {
        step = resume.kind === "next"
          ? generator.next(resume.value)
          : generator.throw(resume.error);
      } catch (error) {
        this.#finish();
        throw error;
      }
      if (step.done) {
        this.#finish();
        return ready(step.value);
      }
      // Poll the awaited future at once: it may be ready already, like an `await`
      // of a settled promise, only without a trip through a queue.
      const polled = this.#pollAwaited(step.value, cx);
      if (polled === undefined) {
        this.#waitingFor = step.value;
        return PENDING;
      }
      resume = polled;
    }
  }

  /**
   * Stop the coroutine where it waits: cancel the future it waits for, then make its
   * `yield` return, which runs its `finally` blocks as a `return` there would. A
   * `finally` that waits again has that wait cancelled too: nothing can wait any more.
   */
  cancel(): void {
    if (this.#state !== "running") return;
    this.#state = "cancelled";
    const generator = this.#generator;
    if (generator === undefined) return;
    let waiting = this.#waitingFor;
    this.#waitingFor = undefined;
    for (;;) {
      if (waiting !== undefined) cancel(waiting);
      // The value a return carries is never read: a cancelled coroutine has no result.
      const step = generator.return(undefined as T);
      if (step.done) return;
      waiting = step.value;
    }
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /** Poll the awaited future; its value or error is how to resume, `undefined` if pending. */
  #pollAwaited(future: Future<unknown>, cx: Context): Resume | undefined {
    let polled: Poll<unknown>;
    try {
      polled = future.poll(cx);
    } catch (error) {
      this.#waitingFor = undefined;
      return { kind: "throw", error };
    }
    if (!polled.ready) return undefined;
    this.#waitingFor = undefined;
    return { kind: "next", value: polled.value };
  }

  #finish(): void {
    this.#state = "done";
    this.#waitingFor = undefined;
  }
}
