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

import {
  type Context,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { WaitQueue } from "./wait_queue.ts";
import { type CancellableFuture } from "../../lessons/contract/cancel.ts";
import {
  ClosedError,
  PolledAfterCompletionError,
} from "../../lessons/contract/errors.ts";

/** A task waiting for permits. */
interface AcquireWaiter {
  waker: Waker;
  readonly permits: number;
  /** Set when the semaphore hands this waiter its permits; they are then its own. */
  granted: boolean;
}

/** A count of permits that tasks acquire and release, served first come, first served. */
export class Semaphore {
  #available: number;
  #waiters = new WaitQueue<AcquireWaiter>();
  #closed = false;

  /** @param permits how many permits there are at the start. */
  constructor(permits: number) {
    checkPermits(permits);
    this.#available = permits;
  }

  /** How many permits are free right now. */
  get available(): number {
    return this.#available;
  }

  /** How many tasks are waiting for permits. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** True once {@linkcode Semaphore.close} has been called. */
  get closed(): boolean {
    return this.#closed;
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
    if (this.#closed) throw new ClosedError("the semaphore");
    // Nobody may jump the queue, or the waiters would not be served in order.
    if (this.#waiters.size > 0 || this.#available < permits) return undefined;
    this.#available -= permits;
    return new Permit(this, permits);
  }

  /** Give `permits` back, and hand them on to the waiters at the front that they satisfy. */
  release(permits = 1): void {
    checkPermits(permits);
    this.#available += permits;
    for (
      let next = this.#waiters.first();
      next !== undefined && next.permits <= this.#available;
      next = this.#waiters.first()
    ) {
      this.#waiters.shift();
      this.#available -= next.permits;
      next.granted = true;
      next.waker.wake();
    }
  }

  /** Refuse every acquire from now on, and wake every waiter so it can see that. */
  close(): void {
    this.#closed = true;
    for (const waiter of this.#waiters.drain()) waiter.waker.wake();
  }

  /** Queue a waiter. For {@linkcode Acquire} only. */
  wait(waiter: AcquireWaiter): void {
    this.#waiters.push(waiter);
  }

  /** Take a waiter out of the queue, if it is still in it. For {@linkcode Acquire} only. */
  leave(waiter: AcquireWaiter): void {
    // A big waiter at the front that leaves may unblock the smaller ones behind it.
    if (this.#waiters.remove(waiter)) this.release(0);
  }
}

/**
 * The future {@linkcode Semaphore.acquire} returns. Cancelling it gives up its place in
 * the queue, and if the permits had already been handed to it, gives them back.
 */
export class Acquire implements CancellableFuture<Permit> {
  #semaphore: Semaphore;
  #permits: number;
  #waiter: AcquireWaiter | undefined;
  #done = false;

  /** Made by {@linkcode Semaphore.acquire}. */
  constructor(semaphore: Semaphore, permits: number) {
    this.#semaphore = semaphore;
    this.#permits = permits;
  }

  /** Ready with a permit once granted; throws a `ClosedError` if the semaphore closes first. */
  poll(cx: Context): Poll<Permit> {
    if (this.#done) throw new PolledAfterCompletionError("an acquire");
    const waiter = this.#waiter;
    if (waiter?.granted) return this.#finish();
    if (this.#semaphore.closed) {
      this.#done = true;
      throw new ClosedError("the semaphore");
    }
    if (waiter !== undefined) {
      waiter.waker = cx.waker;
      return PENDING;
    }
    const permit = this.#semaphore.tryAcquire(this.#permits);
    if (permit !== undefined) {
      this.#done = true;
      return ready(permit);
    }
    this.#waiter = { waker: cx.waker, permits: this.#permits, granted: false };
    this.#semaphore.wait(this.#waiter);
    return PENDING;
  }

  /** Stop waiting: leave the queue, or give back permits granted but not yet taken. */
  cancel(): void {
    if (this.#done) return;
    this.#done = true;
    const waiter = this.#waiter;
    if (waiter === undefined) return;
    if (waiter.granted) this.#semaphore.release(waiter.permits);
    else this.#semaphore.leave(waiter);
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  #finish(): Poll<Permit> {
    this.#done = true;
    return ready(new Permit(this.#semaphore, this.#permits));
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
    const semaphore = this.#semaphore;
    this.#semaphore = undefined;
    semaphore?.release(this.permits);
  }

  /** Keep the permits out of the semaphore for good (a channel does this per message). */
  forget(): void {
    this.#semaphore = undefined;
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
