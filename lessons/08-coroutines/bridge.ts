/**
 * Bridges between the two worlds: a runtime future awaited from an `async` function,
 * and a native promise awaited from a task.
 *
 * A promise is eager and pushes its result to callbacks; a future is lazy and is
 * polled. Each bridge turns one model into the other: `toPromise` polls the future
 * every time it wakes, and settles the promise with the result; `fromPromise` hands the
 * promise to lesson 06's reactor, which tells the event loop that something outside it
 * is still coming, and wakes the task when the promise settles.
 *
 * @module
 */

import type { Context, Future, Poll } from "../01-futures/future.ts";
import type { Reactor } from "../06-io/reactor.ts";
// TODO: you will want PENDING and ready from "../01-futures/future.ts", and
// PolledAfterCompletionError from "../contract/errors.ts", and the Outcome type from
// "../contract/outcome.ts".

/**
 * A promise of `future`'s result. The future is polled in a microtask at first and
 * again in a microtask after each wake, so a wake never polls it in the middle of
 * whatever called `wake()`.
 *
 * Those polls happen outside the event loop, maybe while it is parked, waiting for IO
 * or a deadline it knew of before the poll. If the poll set a new, earlier timer, or
 * woke one of the loop's tasks (a send to a task waiting on a channel), the loop would
 * sleep through it. So after every poll a `reactor` (if given) is nudged: a settled
 * operation ends the park, and the loop looks at its tasks and timers again.
 */
export function toPromise<T>(future: Future<T>, reactor?: Reactor): Promise<T> {
  // TODO: a waker whose wake() queues one microtask poll; a poll that settles the
  // promise when the future is ready or throws, and nudges the reactor after polling.
  void future, reactor, nudge;
  throw new Error("not implemented: toPromise");
}

/** End the loop's park, if it is parked: the reactor ends a park when anything settles. */
function nudge(reactor: Reactor): void {
  // TODO: watch an operation that has already settled.
  void reactor;
  throw new Error("not implemented: nudge");
}

/**
 * A future of `promise`'s outcome. The reactor watches the promise, so an event loop
 * with nothing else to do waits for it rather than reporting a deadlock.
 */
export function fromPromise<T>(
  promise: PromiseLike<T>,
  reactor: Reactor,
): Future<T> {
  return new PromiseFuture(Promise.resolve(promise), reactor);
}

/** The future {@linkcode fromPromise} returns. */
class PromiseFuture<T> implements Future<T> {
  // TODO: the outcome once the promise settles, the waker of the latest poll, and
  // whether the value has been taken.

  constructor(promise: Promise<T>, reactor: Reactor) {
    // TODO: watch the promise at once, not on the first poll: it runs, and may
    // reject, whether or not anyone polls.
    void promise, reactor;
    throw new Error("not implemented: PromiseFuture");
  }

  poll(cx: Context): Poll<T> {
    void cx;
    throw new Error("not implemented: PromiseFuture.poll");
  }
}
