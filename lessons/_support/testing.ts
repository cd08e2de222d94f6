/**
 * What every lesson's tests share: a time limit so no test can hang, a waker that counts,
 * and a future the test controls. Nothing here calls learner code, so a lesson's
 * tests fail only because of the lesson's own modules.
 *
 * @module
 */

import type { Context, Future, Poll } from "../01-futures/future.ts";

/**
 * Options for every lesson test: `Deno.test(name, timeLimit, fn)`. A learner's busy
 * loop or never-woken future then fails that one test after two seconds, with a
 * message, instead of hanging the whole run.
 */
export const timeLimit: { readonly timeout: number } = { timeout: 2_000 };

/** A context whose waker counts how often it is woken. */
export interface CountingContext extends Context {
  /** How many times `waker.wake()` has been called. */
  readonly wakes: number;
}

/** Make a fresh {@linkcode CountingContext}. */
export function countingContext(): CountingContext {
  let wakes = 0;
  return {
    waker: { wake: () => void wakes++ },
    get wakes() {
      return wakes;
    },
  };
}

/**
 * A future the test drives by hand: pending until {@linkcode Probe.complete} is called,
 * counting its polls and keeping the waker of the latest one.
 */
export class Probe<T> implements Future<T> {
  /** How many times this future has been polled. */
  polls = 0;
  #value: { readonly value: T } | undefined;
  #waker: Context["waker"] | undefined;

  /** Count the poll; answer with the value once completed, else keep the waker. */
  poll(cx: Context): Poll<T> {
    this.polls++;
    if (this.#value !== undefined) {
      return { ready: true, value: this.#value.value };
    }
    this.#waker = cx.waker;
    return { ready: false };
  }

  /** Give the future its value and wake whoever polled it last. */
  complete(value: T): void {
    this.#value = { value };
    this.#waker?.wake();
  }
}

/** A probe that also offers `cancel()`, and notes whether it was called. */
export class CancellableProbe<T> extends Probe<T> {
  /** True once `cancel()` has been called. */
  cancelled = false;

  /** Note the cancel; a probe has nothing of its own to undo. */
  cancel(): void {
    this.cancelled = true;
  }
}

/** A probe that is ready with `value` from its first poll on. */
export function readyProbe<T>(value: T): Probe<T> {
  const probe = new Probe<T>();
  probe.complete(value);
  return probe;
}

/**
 * Let every queued microtask (promise callbacks, `await` continuations) run. A
 * zero-delay timer is a macrotask: it fires only once the microtask queue is empty,
 * so this waits on no clock, only on the queue.
 */
export function drainMicrotasks(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** A future whose every poll is `step`. */
export function futureFrom<T>(step: (cx: Context) => Poll<T>): Future<T> {
  return { poll: step };
}

/**
 * A future that polls every one of `futures` that has not finished, each time it is
 * polled, and answers with all their values once the last one is ready.
 */
export function all<T>(futures: readonly Future<T>[]): Future<T[]> {
  const results: Poll<T>[] = futures.map(() => ({ ready: false }));
  return futureFrom<T[]>((cx) => {
    futures.forEach((future, i) => {
      if (!results[i].ready) results[i] = future.poll(cx);
    });
    const values: T[] = [];
    for (const result of results) {
      if (!result.ready) return { ready: false };
      values.push(result.value);
    }
    return { ready: true, value: values };
  });
}

/**
 * A future that runs `next(0)`, `next(1)`, … one after another, each to completion,
 * until `next` answers `undefined`; ready with how many ran. Tests use it to write a
 * task that does several waiting steps in a row without a hand-written state machine.
 */
export function inSequence(
  next: (step: number) => Future<unknown> | undefined,
): Future<number> {
  let step = 0;
  let current = next(0);
  return futureFrom<number>((cx) => {
    while (current !== undefined) {
      if (!current.poll(cx).ready) return { ready: false };
      current = next(++step);
    }
    return { ready: true, value: step };
  });
}

/** A future that calls `action` on its one poll and is ready with what it returns. */
export function now<T>(action: () => T): Future<T> {
  return futureFrom<T>(() => ({ ready: true, value: action() }));
}

/** Numbers from a fixed seed (a linear congruential generator): varied, yet the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** A future like `future` that, once it is ready, calls `action` with its value. */
export function whenReady<T, U>(
  future: Future<T>,
  action: (value: T) => U,
): Future<U> {
  return futureFrom<U>((cx) => {
    const polled = future.poll(cx);
    return polled.ready ? { ready: true, value: action(polled.value) } : polled;
  });
}
