/**
 * The smallest executor there is: drive one future to completion, polling it only
 * when it has been woken.
 *
 * @module
 */

import type { Context, Future } from "../../lessons/01-futures/future.ts";
import { Parker } from "./parker.ts";

/**
 * Poll `future` until it is ready and resolve with its value. Between polls, sleep on
 * a {@linkcode Parker} until the future's waker is called: no busy polling.
 *
 * If `poll` throws, the returned promise rejects with that error.
 */
export async function blockOn<T>(future: Future<T>): Promise<T> {
  const parker = new Parker();
  const cx: Context = { waker: { wake: () => parker.unpark() } };
  while (true) {
    const polled = future.poll(cx);
    if (polled.ready) return polled.value;
    // A wake that came during poll left a permit, so this returns at once; without
    // the permit that wake would be lost and we would sleep forever.
    await parker.park();
  }
}
