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

import type { Context, Poll } from "../01-futures/future.ts";
import type { Acquire, Permit } from "./semaphore.ts";
import { type CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want Semaphore from "./semaphore.ts", PENDING and ready, and
// ClosedError and PolledAfterCompletionError from "../contract/errors.ts".

/** A value that one task at a time may use, taking turns in the order they asked. */
export class Mutex<T> {
  #value: T;
  // TODO: a Semaphore with one permit.

  /** @param value what the lock guards. */
  constructor(value: T) {
    this.#value = value;
  }

  /** True while some task holds the lock. */
  get locked(): boolean {
    throw new Error("not implemented: Mutex.locked");
  }

  /** A future of the lock: ready with a guard once every earlier locker has unlocked. */
  lock(): Lock<T> {
    // TODO: a Lock around an acquire of the one permit, and a function that turns
    // the permit into a guard over #value.
    throw new Error("not implemented: Mutex.lock");
  }

  /** The lock now if it is free and nobody waits for it; else `undefined`. */
  tryLock(): MutexGuard<T> | undefined {
    void this.#value;
    throw new Error("not implemented: Mutex.tryLock");
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
    void cx, this.#acquire, this.#guard;
    throw new Error("not implemented: Lock.poll");
  }

  /** Stop waiting for the lock, passing it on if it had just been handed over. */
  cancel(): void {
    throw new Error("not implemented: Lock.cancel");
  }

  /** Cancel, at the end of a `using` scope (given). */
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
    void this.#permit, this.#cell;
    throw new Error("not implemented: MutexGuard.value");
  }

  /** Replace the guarded value. Throws a `ClosedError` once the guard has unlocked. */
  set value(value: T) {
    void value;
    throw new Error("not implemented: MutexGuard.value");
  }

  /** Let the next waiter in. Only the first call does anything. */
  unlock(): void {
    throw new Error("not implemented: MutexGuard.unlock");
  }

  /** Unlock, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.unlock();
  }
}
