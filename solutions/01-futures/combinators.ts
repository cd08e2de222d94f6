/**
 * Combinators build bigger futures from smaller ones. Each is itself a future, and
 * each passes the same `cx` down, so whichever inner future is waiting stores the
 * waker of the task that is polling the whole tree.
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
} from "./future.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";

/** A future whose value is `transform` applied to the value of `future`. */
export function map<A, B>(
  future: Future<A>,
  transform: (value: A) => B,
): Future<B> {
  let done = false;
  return {
    poll(cx: Context): Poll<B> {
      if (done) throw new PolledAfterCompletionError("map");
      const polled = future.poll(cx);
      if (!polled.ready) return PENDING;
      done = true;
      return ready(transform(polled.value));
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
): Future<B> {
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
  };
}

/**
 * A future that runs both futures at once and answers with both values. A future
 * that has finished is never polled again; the other goes on being polled.
 */
export function join<A, B>(
  first: Future<A>,
  second: Future<B>,
): Future<[A, B]> {
  let a: Poll<A> = PENDING;
  let b: Poll<B> = PENDING;
  let done = false;
  return {
    poll(cx: Context): Poll<[A, B]> {
      if (done) throw new PolledAfterCompletionError("join");
      if (!a.ready) a = first.poll(cx);
      if (!b.ready) b = second.poll(cx);
      if (!a.ready || !b.ready) return PENDING;
      done = true;
      return ready([a.value, b.value]);
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
 * The loser is never polled again.
 */
export function select<A, B>(
  first: Future<A>,
  second: Future<B>,
): Future<Either<A, B>> {
  let done = false;
  return {
    poll(cx: Context): Poll<Either<A, B>> {
      if (done) throw new PolledAfterCompletionError("select");
      const a = first.poll(cx);
      if (a.ready) {
        done = true;
        return ready({ which: "first", value: a.value });
      }
      const b = second.poll(cx);
      if (b.ready) {
        done = true;
        return ready({ which: "second", value: b.value });
      }
      return PENDING;
    },
  };
}
