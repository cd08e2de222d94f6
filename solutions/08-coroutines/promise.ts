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
type State = "pending" | "fulfilled" | "rejected";

/**
 * What `then` registers: the callbacks (either may be missing) and the promise `then`
 * returned, which the callback's result resolves.
 */
class Reaction {
  constructor(
    readonly onFulfilled: ((value: unknown) => unknown) | undefined,
    readonly onRejected: ((reason: unknown) => unknown) | undefined,
    readonly derived: BouncePromise<unknown>,
  ) {}
}

/** The functions a promise's executor gets, and what `withResolvers` hands out. */
export interface Resolvers<T> {
  /** Fulfil with `value`, or adopt it if it is a thenable. */
  resolve(value: T | PromiseLike<T>): void;
  /** Reject with `reason`. */
  reject(reason?: unknown): void;
}

/**
 * The executor of the promises `then` makes: none. Such a promise is settled only by
 * its reaction, which runs once, so it needs no `resolve` and `reject` of its own.
 */
const BY_REACTION = (): void => {};

/** A Promises/A+ promise whose callbacks run on a {@linkcode JobQueue} of ours. */
export class BouncePromise<T> implements PromiseLike<T> {
  // Making it fast: the state is a string and the value (or reason) a field beside
  // it, not a new object per state; the first reaction has a field of its own,
  // since most promises get exactly one `then`.
  #state: State = "pending";
  #result: unknown = undefined;
  #firstReaction: Reaction | undefined;
  #moreReactions: Reaction[] | undefined;
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
    if (executor === BY_REACTION) return;
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
    const derived = new BouncePromise<R1 | R2>(BY_REACTION, this.#jobs);
    this.#react(
      new Reaction(
        typeof onFulfilled === "function"
          ? onFulfilled as (value: unknown) => unknown
          : undefined,
        typeof onRejected === "function" ? onRejected : undefined,
        derived as BouncePromise<unknown>,
      ),
    );
    return derived;
  }

  /** `then(undefined, onRejected)`. */
  catch<R = never>(
    onRejected?: ((reason: unknown) => R | PromiseLike<R>) | null,
  ): BouncePromise<T | R> {
    return this.then(undefined, onRejected);
  }

  /** Run a reaction as a job: now if settled, else once this promise settles. */
  #react(reaction: Reaction): void {
    if (this.#state !== "pending") {
      this.#jobs.enqueue(() => this.#run(reaction));
    } else if (this.#firstReaction === undefined) {
      this.#firstReaction = reaction;
    } else {
      (this.#moreReactions ??= []).push(reaction);
    }
  }

  /** The job of a reaction: call its callback and settle its promise with the result. */
  #run(reaction: Reaction): void {
    const fulfilled = this.#state === "fulfilled";
    const callback = fulfilled ? reaction.onFulfilled : reaction.onRejected;
    const derived = reaction.derived;
    if (callback === undefined) {
      // No callback: the value or the reason passes straight through.
      if (fulfilled) derived.#resolveWith(this.#result);
      else derived.#settle("rejected", this.#result);
      return;
    }
    let result: unknown;
    try {
      result = callback(this.#result);
    } catch (error) {
      derived.#settle("rejected", error);
      return;
    }
    derived.#resolveWith(result);
  }

  #settle(state: "fulfilled" | "rejected", result: unknown): void {
    if (this.#state !== "pending") return;
    this.#state = state;
    this.#result = result;
    const first = this.#firstReaction;
    const more = this.#moreReactions;
    this.#firstReaction = undefined;
    this.#moreReactions = undefined;
    if (first !== undefined) this.#react(first);
    for (const reaction of more ?? []) this.#react(reaction);
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
        this.#settle("rejected", reason);
      },
    };
  }

  /** The resolution procedure, Promises/A+ section 2.3. */
  #resolveWith(x: unknown): void {
    if (x === this) {
      this.#settle(
        "rejected",
        new TypeError("a promise cannot be resolved with itself"),
      );
      return;
    }
    if ((typeof x !== "object" || x === null) && typeof x !== "function") {
      this.#settle("fulfilled", x);
      return;
    }
    let then: unknown;
    try {
      // Read `then` once: a getter may answer differently, or throw, each time.
      then = (x as { then?: unknown }).then;
    } catch (error) {
      this.#settle("rejected", error);
      return;
    }
    if (typeof then !== "function") {
      this.#settle("fulfilled", x);
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
