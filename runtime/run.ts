/**
 * A {@linkcode Runtime} is one event loop with its reactor, and the functions that
 * work on it: `spawn`, `sleep`, `timeout`, `race`, `listen`, `connect`, the promise
 * bridges and scopes. It is an object, not module state: two runtimes in one process
 * never see each other's tasks, timers or race rotation, and what a program does
 * depends only on its own runtime (tokio's `Runtime` and its `Handle` play this part).
 *
 * ```ts
 * import { map, run } from "./mod.ts";
 * await run((rt) => map(rt.sleep(100), () => console.log("a tenth of a second later")));
 * ```
 *
 * @module
 */

import type { Future } from "../lessons/01-futures/future.ts";
import type { JoinHandle } from "../lessons/03-executor/task.ts";
import type { Policy } from "../lessons/04-scheduler/policy.ts";
import type { SpawnOptions } from "../lessons/04-scheduler/scheduler.ts";
import type { Clock } from "../lessons/05-timers/clock.ts";
import { EventLoop } from "../lessons/05-timers/event_loop.ts";
import type { Interval, Sleep } from "../lessons/05-timers/timers.ts";
import { Reactor } from "../lessons/06-io/reactor.ts";
import * as tcp from "../lessons/06-io/tcp.ts";
import {
  race,
  type RaceOptions,
  Rotation,
  type Winner,
} from "../lessons/07-channels/race.ts";
import * as bridge from "../lessons/08-coroutines/bridge.ts";
import * as abort from "../lessons/09-cancellation/abort.ts";
import * as scopes from "../lessons/09-cancellation/scope.ts";
import { withTimeout } from "../lessons/09-cancellation/timeout.ts";
import { type CancellableFuture } from "../lessons/contract/cancel.ts";

/** How to set up a {@linkcode Runtime}. Every field has a default. */
export interface RunOptions {
  /** Where time comes from: the system clock unless given (tests pass a virtual one). */
  readonly clock?: Clock;
  /** Which ready task runs next: round robin with a budget of 3 unless given. */
  readonly policy?: Policy;
  /** Polls between two looks at timers and IO: 61 unless given. */
  readonly budget?: number;
}

/** An event loop with a reactor, and everything a program does on them. */
export class Runtime implements bridge.Notifiable {
  /** The loop: its scheduler, timers and clock. */
  readonly loop: EventLoop;
  /** Where this runtime's IO and watched promises complete. */
  readonly reactor: Reactor;
  /** Where this runtime's races start polling, shared by all of them. */
  readonly rotation: Rotation = new Rotation();

  /** @param options the clock, policy and budget of the loop; each has a default. */
  constructor(options: RunOptions = {}) {
    this.reactor = new Reactor();
    this.loop = new EventLoop({ ...options, io: this.reactor });
  }

  /**
   * Run `main` on this runtime's loop until it finishes, and resolve with its value.
   * Rejects with what main threw, or a `DeadlockError` if nothing can wake it.
   */
  run<T>(main: Future<T>): Promise<T> {
    return this.loop.run(main);
  }

  /** Start `future` as a task. */
  spawn<T>(future: Future<T>, options?: SpawnOptions): JoinHandle<T> {
    return this.loop.spawn(future, options);
  }

  /** Start `future` as a task, with a handle that can abort it. */
  spawnAbortable<T>(future: Future<T>): abort.TaskHandle<T> {
    return abort.spawnAbortable((f) => this.loop.spawn(f), future);
  }

  /**
   * Run `body` in a task scope: ready once the body and every task it spawned
   * through the scope have ended; the first failure aborts the rest.
   */
  scope<T>(body: (scope: scopes.Scope) => Future<T>): CancellableFuture<T> {
    return scopes.scope((f) => this.loop.spawn(f), body);
  }

  /** A future that is ready `ms` milliseconds from now, on this runtime's clock. */
  sleep(ms: number): Sleep {
    return this.loop.timers.sleep(ms);
  }

  /**
   * `future`, unless `ms` milliseconds pass first: then `future` is cancelled and this
   * throws a `TimeoutError` (lesson 09's `withTimeout`).
   */
  timeout<T>(future: Future<T>, ms: number): CancellableFuture<T> {
    return withTimeout(this.loop.timers, future, ms);
  }

  /** Ticks every `period` milliseconds on this runtime's clock. */
  interval(period: number): Interval {
    return this.loop.timers.interval(period);
  }

  /**
   * The first of `futures` to be ready; the others are cancelled. Races of one
   * runtime share its rotation, so even races that finish at once take turns.
   */
  race<T>(
    futures: readonly Future<T>[],
    options: Omit<RaceOptions, "rotation"> = {},
  ): CancellableFuture<Winner<T>> {
    return race(futures, { ...options, rotation: this.rotation });
  }

  /** Listen for TCP connections (127.0.0.1 unless a hostname is given; port 0 picks one). */
  listen(address: tcp.Address): tcp.TcpListener {
    return tcp.listen(this.reactor, address);
  }

  /** A future of a TCP connection to `address`. */
  connect(address: tcp.Address): CancellableFuture<tcp.TcpStream> {
    return tcp.connect(this.reactor, address);
  }

  /** A future of a native promise; the loop waits for it as it waits for IO. */
  fromPromise<T>(promise: PromiseLike<T>): CancellableFuture<T> {
    return bridge.fromPromise(promise, this.reactor);
  }

  /**
   * A promise of `future`'s result, for an `async` function to await. The loop is
   * notified after each poll, so it sees any timer the poll set or task it woke.
   */
  toPromise<T>(future: Future<T>): Promise<T> {
    return bridge.toPromise(future, this);
  }

  /** Wake the loop from outside it (a native callback): it looks at its tasks again. */
  notify(): void {
    this.loop.notify();
  }
}

/**
 * Make a fresh {@linkcode Runtime}, run the future `main` makes with it until it
 * finishes, and resolve with its value.
 *
 * @example
 * ```ts
 * const value = await run((rt) => rt.spawn(rt.sleep(10)), { clock: new VirtualClock() });
 * ```
 */
export function run<T>(
  main: (rt: Runtime) => Future<T>,
  options: RunOptions = {},
): Promise<T> {
  const rt = new Runtime(options);
  return rt.run(main(rt));
}
