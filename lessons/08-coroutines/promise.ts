/**
 * A promise of our own, to the Promises/A+ specification, settled through our own
 * {@linkcode JobQueue}. Three rules carry most of it:
 * - a promise settles once: fulfilled with a value or rejected with a reason, for good;
 * - `then` never calls its callbacks at once: it enqueues a job, even when the promise
 *   has already settled, so code after `then` always runs first;
 * - resolving with a *thenable* (anything with a `then` method) adopts its state: this
 *   is how a callback that returns a promise makes the chain wait for it.
 *
 * ```
 *  pending ──resolve(x)──► resolution procedure ─┬─ x is a thenable: adopt it
 *     │                                           └─ else: fulfilled(x)
 *     └────reject(r)─────► rejected(r)
 *  settled ──► every reaction, as a job, in the order `then` was called
 * ```
 *
 * @module
 */

import { JobQueue } from "./job_queue.ts";

/** Where a promise stands. */
type State<T> =
  | { readonly kind: "pending" }
  | { readonly kind: "fulfilled"; readonly value: T }
  | { readonly kind: "rejected"; readonly reason: unknown };

/** What `then` registers: what to do when the promise fulfils, and when it rejects. */
interface Reaction<T> {
  onFulfilled(value: T): void;
  onRejected(reason: unknown): void;
}

/** The functions a promise's executor gets, and what `withResolvers` hands out. */
export interface Resolvers<T> {
  /** Fulfil with `value`, or adopt it if it is a thenable. */
  resolve(value: T | PromiseLike<T>): void;
  /** Reject with `reason`. */
  reject(reason?: unknown): void;
}

/** A Promises/A+ promise whose callbacks run on a {@linkcode JobQueue} of ours. */
export class BouncePromise<T> implements PromiseLike<T> {
  // TODO: the state (pending to start with) and the reactions waiting for a settle.
  #jobs: JobQueue;

  /**
   * @param executor called at once with `resolve` and `reject`; if it throws before
   * settling the promise, the promise is rejected with what it threw.
   * @param jobs where callbacks run. Not given, the promise makes a queue of its own
   * (flushed in a microtask), which the promises `then` makes from it share. There
   * is no shared default: state lives with whoever runs it, not in the module.
   */
  constructor(
    executor: (
      resolve: Resolvers<T>["resolve"],
      reject: Resolvers<T>["reject"],
    ) => void,
    jobs: JobQueue = new JobQueue(),
  ) {
    this.#jobs = jobs;
    // TODO: call the executor with a pair from #resolvers(); if it throws, reject.
    void executor;
    throw new Error("not implemented: BouncePromise");
  }

  /** A pending promise, with the functions that settle it (the adapter's `deferred`). */
  static withResolvers<T>(
    jobs?: JobQueue,
  ): Resolvers<T> & { readonly promise: BouncePromise<T> } {
    void jobs;
    throw new Error("not implemented: BouncePromise.withResolvers");
  }

  /** A promise resolved with `value` (adopting it, if it is a thenable). */
  static resolve<T>(
    value: T | PromiseLike<T>,
    jobs?: JobQueue,
  ): BouncePromise<T> {
    void value, jobs;
    throw new Error("not implemented: BouncePromise.resolve");
  }

  /** A promise rejected with `reason`. */
  static reject<T = never>(
    reason?: unknown,
    jobs?: JobQueue,
  ): BouncePromise<T> {
    void reason, jobs;
    throw new Error("not implemented: BouncePromise.reject");
  }

  /**
   * Register callbacks for when this promise settles, and get a promise of what they
   * return. A missing callback passes the value (or the reason) straight through.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): BouncePromise<R1 | R2> {
    // TODO: a new BouncePromise (on the same job queue) whose executor registers a
    // reaction: call the callback and resolve with its result (reject with its throw),
    // or, when the callback is not a function, pass the value or reason straight on.
    void onFulfilled, onRejected, this.#jobs;
    throw new Error("not implemented: BouncePromise.then");
  }

  /** `then(undefined, onRejected)`. */
  catch<R = never>(
    onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): BouncePromise<T | R> {
    void onRejected;
    throw new Error("not implemented: BouncePromise.catch");
  }

  /** Run a reaction as a job: now if settled, else once this promise settles. */
  #react(reaction: Reaction<T>): void {
    void reaction;
    throw new Error("not implemented: BouncePromise.#react");
  }

  /** Settle, once: keep the state and run every waiting reaction as a job. */
  #settle(state: State<T>): void {
    void state;
    throw new Error("not implemented: BouncePromise.#settle");
  }

  /**
   * A `resolve` and a `reject` of which only the first call, of either, counts: once
   * this promise has been resolved with a thenable, it belongs to that thenable.
   */
  #resolvers(): Resolvers<T> {
    throw new Error("not implemented: BouncePromise.#resolvers");
  }

  /** The resolution procedure, Promises/A+ section 2.3. */
  #resolveWith(x: T | PromiseLike<T>): void {
    // TODO: section 2.3, step by step (the README's table). Adopting a thenable
    // calls its `then` in a job of its own, never inside resolve (ECMAScript's
    // NewPromiseResolveThenableJob): the README says why.
    void x;
    throw new Error("not implemented: BouncePromise.#resolveWith");
  }
}
