/**
 * Timers as futures. {@linkcode Timers} owns a clock and a heap of pending timers; a
 * {@linkcode Sleep} puts itself in the heap the first time it is polled, and the event
 * loop calls {@linkcode Timers.fireDue} to wake every sleeper whose deadline has come.
 *
 * ```
 *  sleep(50).poll ──► heap.insert(now+50, waker) ──► pending
 *  event loop: clock passes now+50 ──► fireDue() ──► waker.wake() ──► poll ──► ready
 * ```
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
} from "../../lessons/01-futures/future.ts";
import type { Clock } from "./clock.ts";
import { type Timer, TimerHeap } from "./timer_heap.ts";
import {
  PolledAfterCompletionError,
  TimeoutError,
} from "../../lessons/contract/errors.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";

/** The timers of one event loop, on one clock. */
export class Timers {
  /** The clock every deadline is measured on. */
  readonly clock: Clock;
  #heap = new TimerHeap();

  /** @param clock where `now` comes from. */
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** How many timers are set and have neither fired nor been cancelled. */
  get pending(): number {
    return this.#heap.size;
  }

  /** The earliest deadline of a pending timer, or `undefined` if there is none. */
  nextDeadline(): number | undefined {
    return this.#heap.peek()?.deadline;
  }

  /** Fire every timer whose deadline has come: take it out and wake its waker. */
  fireDue(): number {
    const now = this.clock.now();
    let fired = 0;
    for (
      let next = this.#heap.peek();
      next !== undefined && next.deadline <= now;
      next = this.#heap.peek()
    ) {
      this.#heap.pop();
      next.waker?.wake();
      fired++;
    }
    return fired;
  }

  /**
   * A future that is ready `ms` milliseconds from now (counted from this call).
   * `Infinity` is a sleep that never ends and sets no timer.
   */
  sleep(ms: number): Sleep {
    if (!(ms >= 0)) throw new RangeError(`cannot sleep for ${ms} ms`);
    return new Sleep(this.#heap, this.clock, this.clock.now() + ms);
  }

  /** A future that is ready once the clock reaches `deadline` (never, for `Infinity`). */
  sleepUntil(deadline: number): Sleep {
    if (Number.isNaN(deadline)) throw new RangeError("cannot sleep until NaN");
    return new Sleep(this.#heap, this.clock, deadline);
  }

  /**
   * A future that answers like `future`, unless `ms` milliseconds pass first: then it
   * cancels `future` and throws a {@linkcode TimeoutError}. Its timer is cancelled as
   * soon as `future` ends.
   */
  timeout<T>(future: Future<T>, ms: number): Timeout<T> {
    return new Timeout(future, this.sleep(ms), ms);
  }

  /** Ticks every `period` milliseconds, the first one `period` from now. */
  interval(period: number): Interval {
    if (!(period > 0)) {
      throw new RangeError(`an interval needs a period above 0, not ${period}`);
    }
    return new Interval(this, period);
  }
}

/** A future that is ready at a deadline. Lazy: its timer is set on the first poll. */
export class Sleep implements CancellableFuture<void> {
  /** When it is due, on its clock. */
  readonly deadline: number;
  #heap: TimerHeap;
  #clock: Clock;
  #timer: Timer | undefined;
  #state: "waiting" | "done" | "cancelled" = "waiting";

  /** Made by {@linkcode Timers.sleep}; not meant to be called directly. */
  constructor(heap: TimerHeap, clock: Clock, deadline: number) {
    this.#heap = heap;
    this.#clock = clock;
    this.deadline = deadline;
  }

  /** Ready once the deadline has passed; until then keep the latest waker in the timer. */
  poll(cx: Context): Poll<void> {
    if (this.#state !== "waiting") {
      throw new PolledAfterCompletionError(
        // Stryker disable next-line ConditionalExpression,EqualityOperator: only the message's wording differs
        this.#state === "done" ? "a sleep" : "a cancelled sleep",
      );
    }
    const timer = this.#timer;
    if (timer === undefined) {
      if (this.#clock.now() >= this.deadline) return this.#finish();
      // Never due: no timer, so nothing for the loop to wait for on its account.
      if (this.deadline === Infinity) return PENDING;
      this.#timer = this.#heap.insert(this.deadline, cx.waker);
      return PENDING;
    }
    // Fired: the event loop took the timer out of the heap.
    if (!timer.pending) return this.#finish();
    timer.waker = cx.waker;
    return PENDING;
  }

  /** Take the timer out, so it never fires. Does nothing once the sleep has ended. */
  cancel(): void {
    if (this.#state !== "waiting") return;
    this.#state = "cancelled";
    if (this.#timer !== undefined) this.#heap.remove(this.#timer);
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  #finish(): Poll<void> {
    this.#state = "done";
    return ready(undefined);
  }
}

/**
 * A future that answers like its inner future unless its sleep ends first; made by
 * {@linkcode Timers.timeout}. Cancelling it cancels both.
 */
export class Timeout<T> implements CancellableFuture<T> {
  #future: Future<T>;
  #sleep: Sleep;
  #ms: number;
  #state: "waiting" | "done" | "cancelled" = "waiting";

  /** Made by {@linkcode Timers.timeout}. */
  constructor(future: Future<T>, sleep: Sleep, ms: number) {
    this.#future = future;
    this.#sleep = sleep;
    this.#ms = ms;
  }

  /** The future first, so an answer that came with the deadline still counts. */
  poll(cx: Context): Poll<T> {
    if (this.#state !== "waiting") {
      throw new PolledAfterCompletionError(
        // Stryker disable next-line ConditionalExpression,EqualityOperator: only the message's wording differs
        this.#state === "done" ? "timeout()" : "a cancelled timeout()",
      );
    }
    let polled: Poll<T>;
    try {
      polled = this.#future.poll(cx);
    } catch (error) {
      this.#end();
      throw error;
    }
    if (polled.ready) {
      this.#end();
      return polled;
    }
    if (!this.#sleep.poll(cx).ready) return PENDING;
    // Time is up: the future will not be polled again, so it must let go of what it holds.
    this.#state = "done";
    cancel(this.#future);
    throw new TimeoutError(this.#ms);
  }

  /** Cancel the future and the timer. Does nothing once the timeout has ended. */
  cancel(): void {
    if (this.#state !== "waiting") return;
    this.#state = "cancelled";
    cancel(this.#future);
    this.#sleep.cancel();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  #end(): void {
    this.#state = "done";
    this.#sleep.cancel();
  }
}

/**
 * Ticks at `start + period`, `start + 2·period`, … Each tick is due at its own
 * scheduled time, not `period` after the previous one was seen, so the ticks do not
 * drift; a tick that is late because the loop was busy is ready at once.
 */
export class Interval implements Disposable {
  #timers: Timers;
  #period: number;
  #next: number;
  #tick: Tick | undefined;

  /** Made by {@linkcode Timers.interval}. */
  constructor(timers: Timers, period: number) {
    this.#timers = timers;
    this.#period = period;
    this.#next = timers.clock.now() + period;
  }

  /**
   * A future of the next tick, ready with the time that tick was due. The tick is
   * used up only when that future is ready: a tick cancelled before (it lost a race)
   * is handed out again by the next `tick()`. Asking for a tick while the previous
   * one still waits cancels the previous one.
   */
  tick(): Tick {
    this.#tick?.cancel();
    const due = this.#next;
    const tick = new Tick(this.#timers.sleepUntil(due), due, () => {
      this.#next = due + this.#period;
    });
    this.#tick = tick;
    return tick;
  }

  /** Stop: the tick being waited for, if any, is cancelled and never fires. */
  cancel(): void {
    this.#tick?.cancel();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

/** One tick of an {@linkcode Interval}: a sleep until `due` that answers `due`. */
export class Tick implements CancellableFuture<number> {
  #sleep: Sleep;
  #due: number;
  #used: () => void;

  /** Made by {@linkcode Interval.tick}; `used` is called when the tick is ready. */
  constructor(sleep: Sleep, due: number, used: () => void) {
    this.#sleep = sleep;
    this.#due = due;
    this.#used = used;
  }

  /** Ready with the time the tick was due, once that time has come. */
  poll(cx: Context): Poll<number> {
    if (!this.#sleep.poll(cx).ready) return PENDING;
    this.#used();
    return ready(this.#due);
  }

  /** Take the tick's timer out; the tick is not used up. */
  cancel(): void {
    this.#sleep.cancel();
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
