import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 05, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Timers",
  goal:
    "Give the runtime a sense of time: a clock tests can control, a heap of timers, sleep, timeout and interval as futures, and an event loop that parks until the next deadline.",
  files: ["clock.ts", "timer_heap.ts", "timers.ts", "event_loop.ts"],
  permissions: [],
  hints: [
    "Clocks first. `VirtualClock` is one number: `now()` returns it, `advance(ms)` adds to it (after refusing `!(ms >= 0)`), and `waitUntil(deadline)` sets it to `deadline` if that is later, then returns `Promise.resolve()`. `SystemClock.now()` is `performance.now()`; its `waitUntil` wraps a `setTimeout` in a promise, and an `abort` listener on the signal calls `clearTimeout` and resolves.",
    'The heap is an array where the parent of `i` is `(i - 1) >> 1` and its children are `2i + 1` and `2i + 2`. "Due before" means an earlier deadline, or the same deadline and a smaller `order`. Sift up: while the timer is due before its parent, move the parent down into its place. Sift down: while a child is due before the timer, move the earlier child up. Write `timers[i] = timer; timer.index = i` every time a timer lands somewhere. `remove` fills the hole with the last timer and sifts it both ways; `pop` is `remove(peek())`.',
    "`Sleep.poll`: on the first poll, if `clock.now() >= deadline` it is ready at once; otherwise `this.#timer = heap.insert(deadline, cx.waker)` and pending. On later polls, a timer that is no longer `pending` has fired (fireDue popped it): ready. Otherwise store the new waker in `timer.waker`. `cancel()` removes the timer. `fireDue()`: while `heap.peek()` is due (`deadline <= clock.now()`), pop it and wake its waker. `timeout` polls the future first (ready: cancel the sleep and answer), then the sleep (ready: throw `new TimeoutError(ms)`).",
    "`EventLoop.run` is an `async` method: `const handle = this.scheduler.spawn(main)`, then `while (handle.outcome === undefined)`: `tick(budget)`, `fireDue()`, stop if main is done, `continue` if `readyTasks > 0` (after `await yieldToHost()` when IO is in flight), else park. Park: with no deadline and no IO in flight, throw `new DeadlockError(this.scheduler.liveTasks)`; no deadline but IO: `await io.wait()`; a deadline and no IO: `await clock.waitUntil(deadline)`; both: `Promise.race` the two, with an `AbortController` whose signal you pass to `waitUntil` and abort afterwards. Then `fireDue()` again.",
  ],
};
