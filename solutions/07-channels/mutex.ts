/**
 * An async mutex. On one thread, no two tasks ever run at the same instant, so why
 * lock? Because a task can be suspended in the middle of an update: it reads a value,
 * awaits, and writes it back, and another task that ran during the await wrote in
 * between. A lock held across the await keeps the others out until the update is done.
 *
 * It is a semaphore with one permit, plus the value the permit guards.
 *
 * @module
 */

import {
  type Context,
  PENDING,
  type Poll,
  ready,
} from "../../lessons/01-futures/future.ts";
import { type Acquire, type Permit, Semaphore } from "./semaphore.ts";
import { type CancellableFuture } from "../../lessons/contract/cancel.ts";
import { ClosedError } from "../../lessons/contract/errors.ts";

/** A value that one task at a time may use, taking turns in the order they asked. */
export class Mutex<T> {
  #value: T;
  #semaphore = new Semaphore(1);

  /** @param value what the lock guards. */
  constructor(value: T) {
    this.#value = value;
  }

  /** True while some task holds the lock. */
  get locked(): boolean {
    return this.#semaphore.available === 0;
  }

  /** A future of the lock: ready with a guard once every earlier locker has unlocked. */
  lock(): Lock<T> {
    return new Lock(this.#semaphore.acquire(), (permit) => this.#guard(permit));
  }

  /** The lock now if it is free and nobody waits for it; else `undefined`. */
  tryLock(): MutexGuard<T> | undefined {
    const permit = this.#semaphore.tryAcquire();
    return permit === undefined ? undefined : this.#guard(permit);
  }

  #guard(permit: Permit): MutexGuard<T> {
    return new MutexGuard(permit, {
      get: () => this.#value,
      set: (value) => this.#value = value,
    });
  }
}

/** The future {@linkcode Mutex.lock} returns; cancelling it gives up its turn. */
export class Lock<T> implements CancellableFuture<MutexGuard<T>> {
  #acquire: Acquire;
  #guard: (permit: Permit) => MutexGuard<T>;

  /** Made by {@linkcode Mutex.lock}. */
  constructor(acquire: Acquire, guard: (permit: Permit) => MutexGuard<T>) {
    this.#acquire = acquire;
    this.#guard = guard;
  }

  /** Ready with the guard once this task's turn comes. */
  poll(cx: Context): Poll<MutexGuard<T>> {
    // The acquire keeps the contract's rules (a poll after ready or cancel throws),
    // so the lock needs no flag of its own.
    const polled = this.#acquire.poll(cx);
    return polled.ready ? ready(this.#guard(polled.value)) : PENDING;
  }

  /** Stop waiting for the lock, passing it on if it had just been handed over. */
  cancel(): void {
    this.#acquire.cancel();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

/** The lock, held: read and write the value through it, then unlock. */
export class MutexGuard<T> implements Disposable {
  #permit: Permit | undefined;
  #cell: { get(): T; set(value: T): void };

  /** Made by the mutex when it hands the lock to a task. */
  constructor(permit: Permit, cell: { get(): T; set(value: T): void }) {
    this.#permit = permit;
    this.#cell = cell;
  }

  /** The guarded value. Throws a `ClosedError` once the guard has unlocked. */
  get value(): T {
    return this.#held().get();
  }

  /** Replace the guarded value. Throws a `ClosedError` once the guard has unlocked. */
  set value(value: T) {
    this.#held().set(value);
  }

  /** Let the next waiter in. Only the first call does anything. */
  unlock(): void {
    const permit = this.#permit;
    this.#permit = undefined;
    permit?.release();
  }

  /** Unlock, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.unlock();
  }

  #held(): { get(): T; set(value: T): void } {
    if (this.#permit === undefined) {
      throw new ClosedError(
        "this guard (it has unlocked; lock the mutex again)",
      );
    }
    return this.#cell;
  }
}
