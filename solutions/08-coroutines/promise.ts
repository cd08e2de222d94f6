/**
 * A promise of our own, to the Promises/A+ specification, settled through our own
 * {@linkcode JobQueue}. Three rules carry most of it:
 * - a promise settles once: fulfilled with a value or rejected with a reason, for good;
 * - `then` never calls its callbacks at once: it enqueues a job, even when the promise
 *   has already settled, so code after `then` always runs first;
 * - resolving with a *thenable* (anything with a `then` method) adopts its state: this
 *   is how a callback that returns a promise makes the chain wait for it. Its `then`
 *   is called in a job of its own (ECMAScript's NewPromiseResolveThenableJob), never
 *   inside `resolve`, so a chain of thenables that resolve at once cannot nest calls
 *   until the stack overflows.
 *
 * ```
 *  pending ──resolve(x)──► resolution procedure ─┬─ x is a thenable: a job adopts it
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
  #state: State<T> = { kind: "pending" };
  #reactions: Reaction<T>[] = [];
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
    const { resolve, reject } = this.#resolvers();
    try {
      executor(resolve, reject);
    } catch (error) {
      reject(error);
    }
  }

  /** A pending promise, with the functions that settle it (the adapter's `deferred`). */
  static withResolvers<T>(
    jobs?: JobQueue,
  ): Resolvers<T> & { readonly promise: BouncePromise<T> } {
    let resolvers: Resolvers<T> | undefined;
    const promise = new BouncePromise<T>((resolve, reject) => {
      resolvers = { resolve, reject };
    }, jobs);
    if (resolvers === undefined) throw new Error("the executor did not run");
    return { promise, ...resolvers };
  }

  /** A promise resolved with `value` (adopting it, if it is a thenable). */
  static resolve<T>(
    value: T | PromiseLike<T>,
    jobs?: JobQueue,
  ): BouncePromise<T> {
    return new BouncePromise<T>((resolve) => resolve(value), jobs);
  }

  /** A promise rejected with `reason`. */
  static reject<T = never>(
    reason?: unknown,
    jobs?: JobQueue,
  ): BouncePromise<T> {
    return new BouncePromise<T>((_, reject) => reject(reason), jobs);
  }

  /**
   * Register callbacks for when this promise settles, and get a promise of what they
   * return. A missing callback passes the value (or the reason) straight through.
   */
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): BouncePromise<R1 | R2> {
    return new BouncePromise<R1 | R2>((resolve, reject) => {
      const settleWith = <A>(
        callback: ((argument: A) => R1 | R2 | PromiseLike<R1 | R2>) | undefined,
        argument: A,
        passThrough: (argument: A) => void,
      ) => {
        if (typeof callback !== "function") return passThrough(argument);
        try {
          resolve(callback(argument));
        } catch (error) {
          reject(error);
        }
      };
      this.#react({
        onFulfilled: (value) =>
          settleWith(
            onFulfilled ?? undefined,
            value,
            (v) => resolve(v as unknown as R1),
          ),
        onRejected: (reason) =>
          settleWith(onRejected ?? undefined, reason, reject),
      });
    }, this.#jobs);
  }

  /** `then(undefined, onRejected)`. */
  catch<R = never>(
    onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): BouncePromise<T | R> {
    return this.then(undefined, onRejected);
  }

  /** Run a reaction as a job: now if settled, else once this promise settles. */
  #react(reaction: Reaction<T>): void {
    const state = this.#state;
    switch (state.kind) {
      case "pending":
        this.#reactions.push(reaction);
        return;
      case "fulfilled":
        this.#jobs.enqueue(() => reaction.onFulfilled(state.value));
        return;
      case "rejected":
        this.#jobs.enqueue(() => reaction.onRejected(state.reason));
        return;
    }
  }

  #settle(state: State<T>): void {
    if (this.#state.kind !== "pending") return;
    this.#state = state;
    const reactions = this.#reactions;
    this.#reactions = [];
    for (const reaction of reactions) this.#react(reaction);
  }

  /**
   * A `resolve` and a `reject` of which only the first call, of either, counts: once
   * this promise has been resolved with a thenable, it belongs to that thenable.
   */
  #resolvers(): Resolvers<T> {
    let used = false;
    return {
      resolve: (value) => {
        if (used) return;
        used = true;
        this.#resolveWith(value);
      },
      reject: (reason) => {
        if (used) return;
        used = true;
        this.#settle({ kind: "rejected", reason });
      },
    };
  }

  /** The resolution procedure, Promises/A+ section 2.3. */
  #resolveWith(x: T | PromiseLike<T>): void {
    if (x === this) {
      this.#settle({
        kind: "rejected",
        reason: new TypeError("a promise cannot be resolved with itself"),
      });
      return;
    }
    if ((typeof x !== "object" || x === null) && typeof x !== "function") {
      this.#settle({ kind: "fulfilled", value: x as T });
      return;
    }
    let then: unknown;
    try {
      // Read `then` once: a getter may answer differently, or throw, each time.
      then = (x as { then?: unknown }).then;
    } catch (error) {
      this.#settle({ kind: "rejected", reason: error });
      return;
    }
    if (typeof then !== "function") {
      this.#settle({ kind: "fulfilled", value: x as T });
      return;
    }
    // Adopt the thenable's state, in a job of its own, as ECMAScript's
    // NewPromiseResolveThenableJob does. Called here, a thenable whose `then`
    // resolves at once with another such thenable would nest one call per level,
    // and a few thousand levels overflow the stack: the RangeError lands in a
    // `reject` that no longer counts, and the promise stays pending for good.
    // The cost: one more job, so adopting a thenable takes one turn longer.
    // Its `then` may call back any number of times, in any order, or throw after
    // calling: only the first call of either counts.
    const { resolve, reject } = this.#resolvers();
    const thenable = x;
    this.#jobs.enqueue(() => {
      try {
        then.call(thenable, resolve, reject);
      } catch (error) {
        reject(error);
      }
    });
  }
}
