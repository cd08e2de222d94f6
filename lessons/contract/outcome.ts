/**
 * How a piece of work ended: with a value, or with what it threw. A task's end, an IO
 * operation's completion and a settled promise all reach their waiters as one of these.
 *
 * @module
 */

/** Finished with `value`, or failed with `error` (whatever was thrown). */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };
