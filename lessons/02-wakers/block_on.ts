/**
 * The smallest executor there is: drive one future to completion, polling it only
 * when it has been woken.
 *
 * @module
 */

import type { Future } from "../01-futures/future.ts";
// You will want these too: Context, and the Parker from ./parker.ts.

/**
 * Poll `future` until it is ready and resolve with its value. Between polls, sleep on
 * a {@linkcode Parker} until the future's waker is called: no busy polling.
 *
 * If `poll` throws, the returned promise rejects with that error.
 */
export function blockOn<T>(future: Future<T>): Promise<T> {
  // TODO: make a Parker and a Context whose waker unparks it. Then loop: poll; if
  // ready, return the value; if pending, await park().
  // (Making this an `async function` will help.)
  void future;
  throw new Error("not implemented: blockOn");
}
