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

import type { Context, Future, Poll } from "../01-futures/future.ts";
import type { Clock } from "./clock.ts";
import { TimerHeap } from "./timer_heap.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
// TODO: you will want TimeoutError and PolledAfterCompletionError from
// "../contract/errors.ts", and cancel() from "../contract/cancel.ts".
// You will want these too: PENDING and ready from lesson 01, and Timer from
// ./timer_heap.ts.

/** The timers of one event loop, on one clock. */
export class Timers {
  /** The clock every deadline is measured on. */
  readonly clock: Clock;
  // TODO: a TimerHeap.

  /** @param clock where `now` comes from. */
  constructor(clock: Clock) {
    this.clock = clock;
  }

  /** How many timers are set and have neither fired nor been cancelled. */
  get pending(): number {
    throw new Error("not implemented: Timers.pending");
  }

  /** The earliest deadline of a pending timer, or `undefined` if there is none. */
  nextDeadline(): number | undefined {
    throw new Error("not implemented: Timers.nextDeadline");
  }

  /** Fire every timer whose deadline has come: take it out and wake its waker. */
  fireDue(): number {
    throw new Error("not implemented: Timers.fireDue");
  }

  /**
   * A future that is ready `ms` milliseconds from now (counted from this call).
   * `Infinity` is a sleep that never ends and sets no timer.
   */
  sleep(ms: number): Sleep {
    // TODO: a negative (or NaN) ms is a RangeError.
    void ms;
    throw new Error("not implemented: Timers.sleep");
  }

  /** A future that is ready once the clock reaches `deadline` (never, for `Infinity`). */
  sleepUntil(deadline: number): Sleep {
    // TODO: a NaN deadline is a RangeError.
    void deadline;
    throw new Error("not implemented: Timers.sleepUntil");
  }

  /**
   * A future that answers like `future`, unless `ms` milliseconds pass first: then it
   * cancels `future` and throws a `TimeoutError`. Its timer is cancelled as soon as
   * `future` ends.
   */
  timeout<T>(future: Future<T>, ms: number): Timeout<T> {
    void future, ms;
    throw new Error("not implemented: Timers.timeout");
  }

  /** Ticks every `period` milliseconds, the first one `period` from now. */
  interval(period: number): Interval {
    // TODO: a period of 0 or less (or NaN) is a RangeError.
    void period;
    throw new Error("not implemented: Timers.interval");
  }
}

/** A future that is ready at a deadline. Lazy: its timer is set on the first poll. */
export class Sleep implements CancellableFuture<void> {
  /** When it is due, on its clock. */
  readonly deadline: number;

  /** Made by {@linkcode Timers.sleep}; not meant to be called directly. */
  constructor(heap: TimerHeap, clock: Clock, deadline: number) {
    // TODO: keep the heap and the clock too; the timer is set on the first poll.
    void heap, clock;
    this.deadline = deadline;
  }

  /** Ready once the deadline has passed; until then keep the latest waker in the timer. */
  poll(cx: Context): Poll<void> {
    void cx;
    throw new Error("not implemented: Sleep.poll");
  }

  /** Take the timer out, so it never fires. Does nothing once the sleep has ended. */
  cancel(): void {
    throw new Error("not implemented: Sleep.cancel");
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

/**
 * A future that answers like its inner future unless its sleep ends first; made by
 * {@linkcode Timers.timeout}. Cancelling it cancels both.
 */
export class Timeout<T> implements CancellableFuture<T> {
  /** Made by {@linkcode Timers.timeout}. */
  constructor(future: Future<T>, sleep: Sleep, ms: number) {
    // TODO: keep all three, and a state: waiting, done or cancelled.
    void future, sleep, ms;
  }

  /** The future first, so an answer that came with the deadline still counts. */
  poll(cx: Context): Poll<T> {
    void cx;
    throw new Error("not implemented: Timeout.poll");
  }

  /** Cancel the future and the timer. Does nothing once the timeout has ended. */
  cancel(): void {
    throw new Error("not implemented: Timeout.cancel");
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

/**
 * Ticks at `start + period`, `start + 2·period`, … Each tick is due at its own
 * scheduled time, not `period` after the previous one was seen, so the ticks do not
 * drift; a tick that is late because the loop was busy is ready at once.
 */
export class Interval implements Disposable {
  /** Made by {@linkcode Timers.interval}. */
  constructor(timers: Timers, period: number) {
    // TODO: keep both, and the time of the next tick: now + period.
    void timers, period;
  }

  /**
   * A future of the next tick, ready with the time that tick was due. The tick is
   * used up only when that future is ready: a tick cancelled before (it lost a race)
   * is handed out again by the next `tick()`. Asking for a tick while the previous
   * one still waits cancels the previous one.
   */
  tick(): Tick {
    throw new Error("not implemented: Interval.tick");
  }

  /** Stop: the tick being waited for, if any, is cancelled and never fires. */
  cancel(): void {
    throw new Error("not implemented: Interval.cancel");
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

/** One tick of an {@linkcode Interval}: a sleep until `due` that answers `due`. */
export class Tick implements CancellableFuture<number> {
  /** Made by {@linkcode Interval.tick}; `used` is called when the tick is ready. */
  constructor(sleep: Sleep, due: number, used: () => void) {
    // TODO: keep all three.
    void sleep, due, used;
  }

  /** Ready with the time the tick was due, once that time has come. */
  poll(cx: Context): Poll<number> {
    void cx;
    throw new Error("not implemented: Tick.poll");
  }

  /** Take the tick's timer out; the tick is not used up. */
  cancel(): void {
    throw new Error("not implemented: Tick.cancel");
  }

  /** Cancel, at the end of a `using` scope. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}
