/**
 * `run` and the functions that work inside it, without passing a loop around: `run`
 * makes an event loop with a reactor and makes it current while it runs, and
 * `spawn`, `spawnAbortable`, `scope`, `sleep`, `timeout`, `interval`, `listen`,
 * `connect`, `fromPromise` and `toPromise` use the current one (tokio's
 * `Runtime::block_on` and `tokio::spawn` work the same way).
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
import * as bridge from "../lessons/08-coroutines/bridge.ts";
import * as abort from "../lessons/09-cancellation/abort.ts";
import * as scopes from "../lessons/09-cancellation/scope.ts";
import { withTimeout } from "../lessons/09-cancellation/timeout.ts";
import { type Cancellable } from "../lessons/contract/cancel.ts";

/** How to set up the loop {@linkcode run} makes. Every field has a default. */
export interface RunOptions {
  /** Where time comes from: the system clock unless given (tests pass a virtual one). */
  readonly clock?: Clock;
  /** Which ready task runs next: round robin with a budget of 3 unless given. */
  readonly policy?: Policy;
  /** Polls between two looks at timers and IO: 61 unless given. */
  readonly budget?: number;
}

interface Running {
  readonly loop: EventLoop;
  readonly reactor: Reactor;
}

let current: Running | undefined;

/**
 * Run `main` on a fresh event loop until it finishes, and resolve with its value.
 * Inside, the other functions of this module use that loop. One `run` at a time:
 * starting a second while one is running is an error.
 */
export async function run<T>(
  main: Future<T>,
  options: RunOptions = {},
): Promise<T> {
  if (current !== undefined) {
    throw new Error(
      "run() was called while another run() is in progress; run one at a time",
    );
  }
  const reactor = new Reactor();
  const loop = new EventLoop({ ...options, io: reactor });
  current = { loop, reactor };
  try {
    return await loop.run(main);
  } finally {
    current = undefined;
  }
}

function running(what: string): Running {
  if (current === undefined) {
    throw new Error(`${what} was called outside run(): there is no event loop`);
  }
  return current;
}

/** Start `future` as a task on the running loop. */
export function spawn<T>(
  future: Future<T>,
  options?: SpawnOptions,
): JoinHandle<T> {
  return running("spawn()").loop.spawn(future, options);
}

/** A future that is ready `ms` milliseconds from now, on the running loop's clock. */
export function sleep(ms: number): Sleep {
  return running("sleep()").loop.timers.sleep(ms);
}

/**
 * `future`, unless `ms` milliseconds pass first: then `future` is cancelled and this
 * throws a `TimeoutError` (lesson 09's `withTimeout`).
 */
export function timeout<T>(
  future: Future<T>,
  ms: number,
): Future<T> & Cancellable {
  return withTimeout(running("timeout()").loop.timers, future, ms);
}

/** Start `future` as a task on the running loop, with a handle that can abort it. */
export function spawnAbortable<T>(future: Future<T>): abort.TaskHandle<T> {
  const { loop } = running("spawnAbortable()");
  return abort.spawnAbortable((f) => loop.spawn(f), future);
}

/**
 * Run `body` in a task scope on the running loop: ready once the body and every task
 * it spawned through the scope have ended; the first failure aborts the rest.
 */
export function scope<T>(
  body: (scope: scopes.Scope) => Future<T>,
): Future<T> & Cancellable {
  // Look the loop up when a child is spawned, so a scope can be made before `run`.
  return scopes.scope((f) => running("scope()").loop.spawn(f), body);
}

/** A future of a native promise; the running loop waits for it as it waits for IO. */
export function fromPromise<T>(promise: PromiseLike<T>): Future<T> {
  return bridge.fromPromise(promise, running("fromPromise()").reactor);
}

/**
 * A promise of `future`'s result, for an `async` function to await. Inside `run`, the
 * loop is nudged after each poll so it sees any timer the poll set.
 */
export function toPromise<T>(future: Future<T>): Promise<T> {
  return bridge.toPromise(future, current?.reactor);
}

/** Ticks every `period` milliseconds on the running loop's clock. */
export function interval(period: number): Interval {
  return running("interval()").loop.timers.interval(period);
}

/** Listen for TCP connections (127.0.0.1 unless a hostname is given; port 0 picks one). */
export function listen(address: tcp.Address): tcp.TcpListener {
  return tcp.listen(running("listen()").reactor, address);
}

/** A future of a TCP connection to `address`. */
export function connect(address: tcp.Address): Future<tcp.TcpStream> {
  return tcp.connect(running("connect()").reactor, address);
}
