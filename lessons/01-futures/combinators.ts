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

import type { Future } from "./future.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
// You will want these too: Context, PENDING, Poll and ready,
// PolledAfterCompletionError from "../contract/errors.ts", and the function cancel
// from "../contract/cancel.ts" (it cancels a future only if it can be cancelled).

/** A future whose value is `transform` applied to the value of `future`. */
export function map<A, B>(
  future: Future<A>,
  transform: (value: A) => B,
): CancellableFuture<B> {
  // TODO: return an object with poll(cx), cancel() and [Symbol.dispose]().
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
): CancellableFuture<B> {
  void future, next;
  throw new Error("not implemented: andThen");
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
 * The loser is cancelled the moment there is a winner (or an error), and never
 * polled again.
 */
export function select<A, B>(
  first: Future<A>,
  second: Future<B>,
): CancellableFuture<Either<A, B>> {
  void first, second;
  throw new Error("not implemented: select");
}
