/**
 * The event loop: a scheduler, timers and (from lesson 06) IO, driven in turns.
 *
 * ```
 *        ┌──────────────────────────────────────────────┐
 *        ▼                                              │
 *  tick(budget) ─► fireDue() ─► any task ready? ── yes ─┤
 *                                   │ no                │
 *                                   ▼                   │
 *      park: wait for the next deadline, for IO ────────┘
 *      or for notify() (nothing to wait for: deadlock)
 * ```
 *
 * @module
 */

import { setImmediate } from "node:timers";
import type { Future } from "../../lessons/01-futures/future.ts";
import type { JoinHandle } from "../../lessons/03-executor/task.ts";
import type { Runnable } from "../../lessons/03-executor/task.ts";
import type { Arrival, Policy } from "../../lessons/04-scheduler/policy.ts";
import { RoundRobinPolicy } from "../../lessons/04-scheduler/policy.ts";
import {
  Scheduler,
  type SpawnOptions,
} from "../../lessons/04-scheduler/scheduler.ts";
import { type Clock, SystemClock } from "./clock.ts";
import { Timers } from "./timers.ts";
import { DeadlockError } from "../../lessons/contract/errors.ts";

/** Something outside the loop that can wake tasks: lesson 06's reactor. */
export interface IoDriver {
  /** How many operations are in flight. While any is, a wake may still come. */
  readonly inFlight: number;
  /** Resolves once some operation has completed and woken its task. */
  wait(): Promise<void>;
}

/** How to build an {@linkcode EventLoop}. */
export interface EventLoopOptions {
  /** Where time comes from; the system clock by default. */
  readonly clock?: Clock;
  /** Which ready task runs next; the scheduler's default if not given. */
  readonly policy?: Policy;
  /**
   * How many polls between two looks at timers and IO, so that a task that is always
   * ready cannot starve them. 61 by default, as in tokio.
   */
  readonly budget?: number;
  /** Where IO completions come from, if anywhere. */
  readonly io?: IoDriver;
}

/** A scheduler, timers and IO, run in turns until the main future is done. */
export class EventLoop {
  /** The clock of every timer of this loop. */
  readonly clock: Clock;
  /** The timers; `sleep`, `timeout` and `interval` live here. */
  readonly timers: Timers;
  /** The tasks. */
  readonly scheduler: Scheduler;
  #budget: number;
  #io: IoDriver | undefined;
  // While parked: ends the park. A notify() while not parked is remembered instead.
  #unpark: (() => void) | undefined;
  #notified = false;
  // Stops the clock's wait when a park ends some other way. One for every park
  // until it is used: most parks end at their deadline and need no new one.
  #stop = new AbortController();

  /** @param options the clock, policy, budget and IO driver; each has a default. */
  constructor(options: EventLoopOptions = {}) {
    this.clock = options.clock ?? new SystemClock();
    this.timers = new Timers(this.clock);
    // A task made ready while the loop is parked was woken from outside it (a native
    // callback): the park must end, or the loop would sleep through that wake.
    this.scheduler = new Scheduler(
      new UnparkingPolicy(options.policy ?? new RoundRobinPolicy(3), () => {
        if (this.#unpark !== undefined) this.notify();
      }),
    );
    this.#budget = options.budget ?? 61;
    if (!(this.#budget >= 1)) {
      throw new RangeError(`a budget must be at least 1, not ${this.#budget}`);
    }
    this.#io = options.io;
  }

  /**
   * Wake the loop from outside: end its park now, or, if it is not parked, make its
   * next park return at once, so it looks at its tasks, timers and IO again (mio's
   * `Poll` waker, polling's `Poller::notify`, tokio's unpark). A waker called while
   * the loop is parked does this by itself; call `notify()` after changing anything
   * else the loop should look at.
   */
  notify(): void {
    const unpark = this.#unpark;
    if (unpark === undefined) {
      this.#notified = true;
      return;
    }
    this.#unpark = undefined;
    unpark();
  }

  /** Start running `future` as a task. */
  spawn<T>(future: Future<T>, options?: SpawnOptions): JoinHandle<T> {
    return this.scheduler.spawn(future, options);
  }

  /**
   * Spawn `main` and run the loop until it is done; resolve with its value. Rejects
   * with what main threw, or with a `DeadlockError` when main is pending, no task is
   * ready, no timer is set and no IO is in flight. When main is done, the tasks still
   * alive are cancelled (`scheduler.shutdown()`).
   */
  async run<T>(main: Future<T>): Promise<T> {
    const handle = this.spawn(main);
    while (handle.outcome === undefined) {
      this.scheduler.tick(this.#budget);
      this.timers.fireDue();
      if (handle.outcome !== undefined) break;
      if (this.scheduler.readyTasks > 0) {
        // Still busy. Completed IO reaches us only through Deno's own event loop, so
        // let it turn once before the next tick, or IO would wait for the busy tasks.
        if (this.#io !== undefined && this.#io.inFlight > 0) {
          await yieldToHost();
        }
        continue;
      }
      await this.#park();
    }
    // Main is done: end the tasks it left behind, so they let go of what they hold.
    this.scheduler.shutdown();
    const outcome = handle.outcome;
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /**
   * Nothing is ready: wait for whichever comes first, the next deadline, IO, or a
   * notify(). Whichever wins, the others must not outlive this park.
   */
  async #park(): Promise<void> {
    if (this.#notified) {
      this.#notified = false;
      return;
    }
    const deadline = this.timers.nextDeadline();
    const io = this.#io !== undefined && this.#io.inFlight > 0
      ? this.#io
      : undefined;
    if (deadline === undefined && io === undefined) {
      throw new DeadlockError(this.scheduler.liveTasks);
    }
    let timer: Promise<void> | undefined;
    if (deadline !== undefined) {
      timer = this.clock.waitUntil(deadline, this.#stop.signal);
      // Making it fast: a clock that jumps (a virtual one) is at the deadline
      // already, so there is nothing to race: fire what is due and go on.
      if (this.clock.now() >= deadline) {
        await timer;
        this.timers.fireDue();
        return;
      }
    }
    const waits = [new Promise<void>((resolve) => this.#unpark = resolve)];
    if (io !== undefined) waits.push(io.wait());
    let timerDone = timer === undefined;
    if (timer !== undefined) {
      waits.push(timer.then(() => {
        timerDone = true;
      }));
    }
    try {
      await Promise.race(waits);
    } finally {
      this.#unpark = undefined;
      // Only a wait that is still running needs stopping: aborting makes an error
      // object, which cost more than the rest of a park.
      if (!timerDone) {
        this.#stop.abort();
        this.#stop = new AbortController();
      }
    }
    this.timers.fireDue();
  }
}

/** A policy that calls `onPush` whenever a task is made ready, then queues it as usual. */
class UnparkingPolicy implements Policy {
  #inner: Policy;
  #onPush: () => void;

  constructor(inner: Policy, onPush: () => void) {
    this.#inner = inner;
    this.#onPush = onPush;
  }

  get size(): number {
    return this.#inner.size;
  }

  push(task: Runnable, arrival: Arrival, priority: number): void {
    this.#inner.push(task, arrival, priority);
    this.#onPush();
  }

  pop(): Runnable | undefined {
    return this.#inner.pop();
  }
}

/**
 * Let the host (Deno's event loop) run once, so completed IO can be delivered. A
 * `setTimeout(0)` would do too, but Deno, like browsers, stretches nested zero
 * timers to a few milliseconds; `setImmediate` is not stretched.
 */
export function yieldToHost(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
