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

import type { Waker } from "../../lessons/01-futures/future.ts";

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
  #timers: Timer[] = [];
  #setSoFar = 0;

  /** How many timers are pending. */
  get size(): number {
    return this.#timers.length;
  }

  /** Add a timer due at `deadline` that wakes `waker`. */
  insert(deadline: number, waker?: Waker): Timer {
    const timer = new Timer(deadline, this.#setSoFar++, waker);
    timer.index = this.#timers.length;
    this.#timers.push(timer);
    this.#siftUp(timer.index);
    return timer;
  }

  /** The timer due first, without removing it. */
  peek(): Timer | undefined {
    return this.#timers[0];
  }

  /** Remove and return the timer due first. */
  pop(): Timer | undefined {
    const first = this.#timers[0];
    if (first !== undefined) this.remove(first);
    return first;
  }

  /** Take `timer` out of the heap. Returns false if it was not in it. */
  remove(timer: Timer): boolean {
    const i = timer.index;
    if (i < 0 || this.#timers[i] !== timer) return false;
    timer.index = -1;
    const last = this.#timers.pop();
    if (last === undefined || last === timer) return true;
    // Fill the hole with the last timer, then move it up or down to where it belongs.
    this.#timers[i] = last;
    last.index = i;
    this.#siftDown(i);
    this.#siftUp(last.index);
    return true;
  }

  #siftUp(i: number): void {
    const timers = this.#timers;
    const timer = timers[i];
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(timer, timers[parent])) break;
      timers[i] = timers[parent];
      timers[i].index = i;
      i = parent;
    }
    timers[i] = timer;
    timer.index = i;
  }

  #siftDown(i: number): void {
    const timers = this.#timers;
    const timer = timers[i];
    const n = timers.length;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && before(timers[child + 1], timers[child])) {
        child++;
      }
      // Stryker disable next-line ConditionalExpression: sinking too far is undone by remove's sift up: only slower
      if (!before(timers[child], timer)) break;
      timers[i] = timers[child];
      timers[i].index = i;
      i = child;
    }
    timers[i] = timer;
    timer.index = i;
  }
}

/** True if `a` is due before `b`: an earlier deadline, or the same one and set first. */
function before(a: Timer, b: Timer): boolean {
  return a.deadline < b.deadline ||
    (a.deadline === b.deadline && a.order < b.order);
}
