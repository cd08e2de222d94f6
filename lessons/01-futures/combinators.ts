/**
 * Combinators build bigger futures from smaller ones. Each is itself a future, and
 * each passes the same `cx` down, so whichever inner future is waiting stores the
 * waker of the task that is polling the whole tree.
 *
 * @module
 */

import type { Future } from "./future.ts";
// You will want these too: Context, PENDING, Poll and ready, and
// PolledAfterCompletionError from "../contract/errors.ts".

/** A future whose value is `transform` applied to the value of `future`. */
export function map<A, B>(
  future: Future<A>,
  transform: (value: A) => B,
): Future<B> {
  // TODO: return an object with a poll(cx) method: poll `future`; pending stays
  // pending; a value becomes ready(transform(value)).
  void future, transform;
  throw new Error("not implemented: map");
}

/**
 * A future that runs `future`, then the future `next` makes from its value, and
 * answers with the second one's value: sequencing, what `await` does in a row.
 */
export function andThen<A, B>(
  future: Future<A>,
  next: (value: A) => Future<B>,
): Future<B> {
  void future, next;
  throw new Error("not implemented: andThen");
}

/**
 * A future that runs both futures at once and answers with both values. A future
 * that has finished is never polled again; the other goes on being polled.
 */
export function join<A, B>(
  first: Future<A>,
  second: Future<B>,
): Future<[A, B]> {
  void first, second;
  throw new Error("not implemented: join");
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
  void first, second;
  throw new Error("not implemented: select");
}
