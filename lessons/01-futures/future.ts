/**
 * The vocabulary of the whole course: a {@linkcode Future} is a value that is not
 * ready yet, and {@linkcode Poll} is its answer each time someone asks.
 *
 * @module
 */

/** What a future answers when it is polled: finished with a value, or not yet. */
export type Poll<T> =
  | { readonly ready: true; readonly value: T }
  | { readonly ready: false };

/** The one "not yet" answer. It carries nothing, so a single frozen object serves all. */
export const PENDING: Poll<never> = Object.freeze({ ready: false });

/** Something a future calls to say "poll me again: I can make progress now". */
export interface Waker {
  /** Ask for the future that stored this waker to be polled again. */
  wake(): void;
}

/** What a poll carries with it; today only the waker of the task being polled. */
export interface Context {
  /** Whoever polls supplies this; a future that returns pending keeps it to call later. */
  readonly waker: Waker;
}

/**
 * A computation that finishes later. Nothing happens until someone calls
 * {@linkcode Future.poll}: futures are lazy, unlike promises.
 *
 * The contract, which every future in the course keeps:
 * - `poll` never blocks; it does what it can and returns.
 * - Before returning pending, the future arranges for `cx.waker.wake()` to be called
 *   when progress is possible. A future that returns pending and forgets to do so is
 *   never polled again.
 * - Once a future has returned a value it must not be polled again.
 * - A future that registers something while it waits (a waker kept by someone else,
 *   a timer, a place in a queue) can be cancelled, and one that wraps others passes
 *   the cancel on: see `CancellableFuture` and `lessons/contract/README.md`.
 */
export interface Future<T> {
  /** Try to make progress; answer with the value, or pending. */
  poll(cx: Context): Poll<T>;
}

/** The value a future produces, e.g. `Output<Future<number>>` is `number`. */
export type Output<F> = F extends Future<infer T> ? T : never;

/** Build the "finished" answer of a poll. */
export function ready<T>(value: T): Poll<T> {
  // TODO: return the Poll that says "finished, with this value".
  throw new Error(`not implemented: ready(${String(value)})`);
}
