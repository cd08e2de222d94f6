/**
 * A binary min-heap of timers, ordered by deadline. The event loop asks two things
 * of it, often: "when is the next deadline?" (the root, O(1)) and "take the timers
 * that are due" (O(log n) each). A timer that is cancelled is taken out of the middle,
 * also in O(log n), because each timer remembers where it sits in the array.
 *
 * ```
 *            [0] 5ms              children of i: 2i+1, 2i+2
 *          /        \             parent of i:   (i-1) >> 1
 *      [1] 9ms     [2] 7ms
 *      /    \
 *  [3] 12ms [4] 10ms
 * ```
 *
 * @module
 */

import type { Waker } from "../01-futures/future.ts";

/** One timer in a {@linkcode TimerHeap}. */
export class Timer {
  /** Where it sits in the heap's array; -1 once it has left the heap. */
  index = -1;

  /**
   * @param deadline when it is due, on the heap's clock.
   * @param order breaks ties: of two timers due together, the one set first fires first.
   * @param waker woken when the timer fires; a future may replace it on each poll.
   */
  constructor(
    readonly deadline: number,
    readonly order: number,
    public waker: Waker | undefined,
  ) {}

  /** True while the timer is in a heap: set, not yet fired or cancelled. */
  get pending(): boolean {
    return this.index !== -1;
  }
}

/** Timers ordered by deadline, then by the order they were set in. */
export class TimerHeap {
  // TODO: an array of timers that keeps the heap property (each timer is due no
  // later than its children), and a counter that gives each new timer its `order`.

  /** How many timers are pending. */
  get size(): number {
    throw new Error("not implemented: TimerHeap.size");
  }

  /** Add a timer due at `deadline` that wakes `waker`. */
  insert(deadline: number, waker?: Waker): Timer {
    // TODO: make the Timer, put it at the end of the array, sift it up. Keep every
    // timer's `index` right whenever it moves.
    void deadline, waker;
    throw new Error("not implemented: TimerHeap.insert");
  }

  /** The timer due first, without removing it. */
  peek(): Timer | undefined {
    throw new Error("not implemented: TimerHeap.peek");
  }

  /** Remove and return the timer due first. */
  pop(): Timer | undefined {
    throw new Error("not implemented: TimerHeap.pop");
  }

  /** Take `timer` out of the heap. Returns false if it was not in it. */
  remove(timer: Timer): boolean {
    // TODO: set its index to -1, move the last timer into the hole, then sift that
    // one down or up, whichever it needs.
    void timer;
    throw new Error("not implemented: TimerHeap.remove");
  }
}
