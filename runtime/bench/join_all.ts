/**
 * Helpers the benchmarks share: futures that wait for many things at once without
 * re-polling what has already finished.
 *
 * @module
 */

import type { Context, Future, Poll, Waker } from "../mod.ts";

/**
 * A future of every value of `futures`, in order. It polls them front to back and
 * stops at the first pending one, so each is polled about once after it is ready.
 */
export function joinAll<T>(futures: readonly Future<T>[]): Future<T[]> {
  const values: T[] = [];
  return {
    poll(cx: Context): Poll<T[]> {
      while (values.length < futures.length) {
        const polled = futures[values.length].poll(cx);
        if (!polled.ready) return { ready: false };
        values.push(polled.value);
      }
      return { ready: true, value: values };
    },
  };
}

/**
 * A future that polls every one of `futures` once with a shared counting waker and is
 * ready once each has woken it: for leaf futures, such as timers, that fire once.
 */
export function allWoken(
  start: () => readonly Future<unknown>[],
): Future<number> {
  let expected = -1;
  let woken = 0;
  let task: Waker | undefined;
  const counter: Waker = {
    wake() {
      woken++;
      if (woken === expected) task?.wake();
    },
  };
  return {
    poll(cx: Context): Poll<number> {
      if (expected < 0) {
        const futures = start();
        expected = futures.length;
        for (const future of futures) {
          // Ready at once counts as fired.
          if (future.poll({ waker: counter }).ready) woken++;
        }
      }
      if (woken >= expected) return { ready: true, value: woken };
      task = cx.waker;
      return { ready: false };
    },
  };
}
