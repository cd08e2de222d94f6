/**
 * Combinators build bigger futures from smaller ones. Each is itself a future, and
 * each passes the same `cx` down, so whichever inner future is waiting stores the
 * waker of the task that is polling the whole tree.
 *
 * Each is also a {@linkcode CancellableFuture}: whoever gives up on the whole tree
 * calls `cancel()` on the top, and every combinator passes it on to the inner futures
 * that have not finished, so the leaf that is waiting (a place in a queue, a timer)
 * lets go of what it holds. The rules are in `lessons/contract/README.md`.
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
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";

/** A future whose value is `transform` applied to the value of `future`. */
export function map<A, B>(
  future: Future<A>,
  transform: (value: A) => B,
): CancellableFuture<B> {
  let done = false;
  return {
    poll(cx: Context): Poll<B> {
      if (done) throw new PolledAfterCompletionError("map");
      const polled = future.poll(cx);
      if (!polled.ready) return PENDING;
      done = true;
      return ready(transform(polled.value));
    },
    cancel(): void {
      if (done) return;
      done = true;
      cancel(future);
    },
    [Symbol.dispose](): void {
      this.cancel();
    },
  };
}

/**
 * A future that runs `future`, then the future `next` makes from its value, and
 * answers with the second one's value: sequencing, what `await` does in a row.
 */
export function andThen<A, B>(
  future: Future<A>,
  next: (value: A) => Future<B>,
): CancellableFuture<B> {
  let second: Future<B> | undefined;
  let done = false;
  return {
    poll(cx: Context): Poll<B> {
      if (done) throw new PolledAfterCompletionError("andThen");
      if (second === undefined) {
        const polled = future.poll(cx);
        if (!polled.ready) return PENDING;
        second = next(polled.value);
      }
      // Poll the new future straight away: it may be ready already, and if it is
      // not, it must see this cx to store the waker.
      const polled = second.poll(cx);
      if (!polled.ready) return PENDING;
      done = true;
      return polled;
    },
    cancel(): void {
      if (done) return;
      done = true;
      // Only the live phase holds anything: the first future has finished once the
      // second exists, and the second does not exist before.
      if (second === undefined) cancel(future);
      else cancel(second);
    },
    [Symbol.dispose](): void {
      this.cancel();
    },
  };
}

/**
 * A future that runs both futures at once and answers with both values. A future
 * that has finished is never polled again; the other goes on being polled. If either
 * throws, the other is cancelled and the error passes on.
 */
export function join<A, B>(
  first: Future<A>,
  second: Future<B>,
): CancellableFuture<[A, B]> {
  let a: Poll<A> = PENDING;
  let b: Poll<B> = PENDING;
  let done = false;
  return {
    poll(cx: Context): Poll<[A, B]> {
      if (done) throw new PolledAfterCompletionError("join");
      // Finished unless both answer: a side that throws ends the join too.
      done = true;
      try {
        if (!a.ready) a = first.poll(cx);
      } catch (error) {
        if (!b.ready) cancel(second);
        throw error;
      }
      try {
        if (!b.ready) b = second.poll(cx);
      } catch (error) {
        if (!a.ready) cancel(first);
        throw error;
      }
      if (!a.ready || !b.ready) {
        done = false;
        return PENDING;
      }
      return ready([a.value, b.value]);
    },
    cancel(): void {
      if (done) return;
      done = true;
      if (!a.ready) cancel(first);
      if (!b.ready) cancel(second);
    },
    [Symbol.dispose](): void {
      this.cancel();
    },
  };
}

/** Which future won a {@linkcode select}, and its value. */
export type Either<A, B> =
  | { readonly which: "first"; readonly value: A }
  | { readonly which: "second"; readonly value: B };

/**
 * A future that answers with whichever future finishes first. Each poll polls
 * `first`, then `second` only if `first` is still pending, so on a tie `first` wins.
 * The loser is cancelled the moment there is a winner (or an error), and never
 * polled again.
 */
export function select<A, B>(
  first: Future<A>,
  second: Future<B>,
): CancellableFuture<Either<A, B>> {
  let done = false;
  return {
    poll(cx: Context): Poll<Either<A, B>> {
      if (done) throw new PolledAfterCompletionError("select");
      let a: Poll<A>;
      try {
        a = first.poll(cx);
      } catch (error) {
        done = true;
        cancel(second);
        throw error;
      }
      if (a.ready) {
        done = true;
        cancel(second);
        return ready({ which: "first", value: a.value });
      }
      let b: Poll<B>;
      try {
        b = second.poll(cx);
      } catch (error) {
        done = true;
        cancel(first);
        throw error;
      }
      if (b.ready) {
        done = true;
        cancel(first);
        return ready({ which: "second", value: b.value });
      }
      return PENDING;
    },
    cancel(): void {
      if (done) return;
      done = true;
      cancel(first);
      cancel(second);
    },
    [Symbol.dispose](): void {
      this.cancel();
    },
  };
}
