/**
 * A semaphore: a count of permits, and a queue of tasks waiting for some. It is the
 * primitive the others are made of: a mutex is a semaphore with one permit, and a
 * bounded channel is a buffer whose free slots are permits.
 *
 * Waiters are served strictly in order. A waiter that wants three permits at the front
 * of the queue holds back one behind it that wants one, even if one is free: otherwise
 * a steady stream of small requests could starve a big one forever.
 *
 * @module
 */

import type { Context, Poll, Waker } from "../01-futures/future.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want ClosedError and PolledAfterCompletionError from
// "../contract/errors.ts".
// and WaitQueue from "./wait_queue.ts", and PENDING and ready from
// "../01-futures/future.ts".

/** A task waiting for permits. */
interface AcquireWaiter {
  waker: Waker;
  readonly permits: number;
  /** Set when the semaphore hands this waiter its permits; they are then its own. */
  granted: boolean;
}

/** A count of permits that tasks acquire and release, served first come, first served. */
export class Semaphore {
  // TODO: the free permits, a WaitQueue<AcquireWaiter>, and whether it is closed.

  /** @param permits how many permits there are at the start. */
  constructor(permits: number) {
    checkPermits(permits);
    void permits;
  }

  /** How many permits are free right now. */
  get available(): number {
    throw new Error("not implemented: Semaphore.available");
  }

  /** How many tasks are waiting for permits. */
  get waiting(): number {
    throw new Error("not implemented: Semaphore.waiting");
  }

  /** True once {@linkcode Semaphore.close} has been called. */
  get closed(): boolean {
    throw new Error("not implemented: Semaphore.closed");
  }

  /** A future of `permits` permits, ready once they are free and every earlier waiter is served. */
  acquire(permits = 1): Acquire {
    checkPermits(permits);
    return new Acquire(this, permits);
  }

  /**
   * Take `permits` now if they are free and nobody is waiting ahead; else `undefined`.
   * Throws a `ClosedError` once the semaphore is closed.
   */
  tryAcquire(permits = 1): Permit | undefined {
    checkPermits(permits);
    // TODO: nobody may jump the queue: refuse while anyone waits.
    throw new Error("not implemented: Semaphore.tryAcquire");
  }

  /** Give `permits` back, and hand them on to the waiters at the front that they satisfy. */
  release(permits = 1): void {
    // TODO: hand permits to waiters at the front, in order, while they fit: shift the
    // waiter, take its permits from the count, mark it granted, wake it.
    void permits;
    throw new Error("not implemented: Semaphore.release");
  }

  /** Refuse every acquire from now on, and wake every waiter so it can see that. */
  close(): void {
    throw new Error("not implemented: Semaphore.close");
  }

  /** Queue a waiter. For {@linkcode Acquire} only. */
  wait(waiter: AcquireWaiter): void {
    void waiter;
    throw new Error("not implemented: Semaphore.wait");
  }

  /** Take a waiter out of the queue, if it is still in it. For {@linkcode Acquire} only. */
  leave(waiter: AcquireWaiter): void {
    // TODO: a big waiter at the front that leaves may unblock smaller ones behind it.
    void waiter;
    throw new Error("not implemented: Semaphore.leave");
  }
}

/**
 * The future {@linkcode Semaphore.acquire} returns. Cancelling it gives up its place in
 * the queue, and if the permits had already been handed to it, gives them back.
 */
export class Acquire implements CancellableFuture<Permit> {
  #semaphore: Semaphore;
  #permits: number;
  // TODO: the waiter, once queued, and whether this future has finished.

  /** Made by {@linkcode Semaphore.acquire}. */
  constructor(semaphore: Semaphore, permits: number) {
    this.#semaphore = semaphore;
    this.#permits = permits;
  }

  /** Ready with a permit once granted; throws a `ClosedError` if the semaphore closes first. */
  poll(cx: Context): Poll<Permit> {
    // TODO: granted → a new Permit. Closed → ClosedError. Queued → refresh the waker.
    // First poll → tryAcquire, or queue a waiter and answer PENDING.
    void cx, this.#semaphore, this.#permits;
    throw new Error("not implemented: Acquire.poll");
  }

  /** Stop waiting: leave the queue, or give back permits granted but not yet taken. */
  cancel(): void {
    throw new Error("not implemented: Acquire.cancel");
  }

  /** Cancel, at the end of a `using` scope (given). */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

/** Permits held. Release them when done; `using` does that at the end of the scope. */
export class Permit implements Disposable {
  /** How many permits this holds. */
  readonly permits: number;
  #semaphore: Semaphore | undefined;

  /** Made by the semaphore when it hands out permits. */
  constructor(semaphore: Semaphore, permits: number) {
    this.#semaphore = semaphore;
    this.permits = permits;
  }

  /** Give the permits back. Only the first call does anything. */
  release(): void {
    void this.#semaphore;
    throw new Error("not implemented: Permit.release");
  }

  /** Keep the permits out of the semaphore for good (a channel does this per message). */
  forget(): void {
    throw new Error("not implemented: Permit.forget");
  }

  /** Release, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.release();
  }
}

function checkPermits(permits: number): void {
  if (!Number.isInteger(permits) || permits < 0) {
    throw new RangeError(
      `a number of permits is a whole number from 0 up, not ${permits}`,
    );
  }
}
