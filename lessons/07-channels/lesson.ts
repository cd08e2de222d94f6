import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 07, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Channels and synchronisation",
  goal:
    "Build the primitives tasks use to share and pass data on one thread: a fair semaphore, a mutex held across awaits, notify without lost wake-ups, a oneshot, bounded and unbounded channels with backpressure, and a race that cancels its losers.",
  files: [
    "semaphore.ts",
    "mutex.ts",
    "notify.ts",
    "oneshot.ts",
    "channel.ts",
    "race.ts",
  ],
  permissions: [],
  hints: [
    "Every primitive here has the same shape: a little state, and a `WaitQueue` (given) of waiter objects `{ waker, … }`. A future's first poll either succeeds at once or pushes a waiter and returns `PENDING`; later polls look at their own waiter (`granted`, `notified`, `handed`) and refresh `waiter.waker = cx.waker`. Whoever frees something takes the waiter at the front, marks it, and wakes it: the thing is handed over, so nobody can barge in between the wake and the poll.",
    "`Semaphore.release(n)`: add `n` to `#available`, then `while` the first waiter wants no more than `#available`: shift it, subtract its permits, set `granted = true`, wake it. `tryAcquire` refuses while `#waiters.size > 0` (that is the fairness). `Acquire.cancel()`: if granted, `release(waiter.permits)` (pass them on); else `leave(waiter)`, which calls `release(0)` because the waiter that left may have held back smaller ones. `Mutex` is `new Semaphore(1)` plus the value; `Lock.poll` maps the permit to a `MutexGuard`.",
    '`Notify.notifyOne()`: shift a waiter and set `notified = "one"`, or, with nobody waiting, set `#permit = true`. `Notified.poll` on its first call takes the permit if there is one (`takePermit()`), else queues a waiter. `Notified.cancel()` of a waiter that got a `"one"` calls `notifyOne()` again, to pass it on. `oneshot`: both ends share a `Slot` with `state`, `value`, `waker` and `receiverGone`; `send` fills it and wakes, `close` sets `"closed"` and wakes.',
    "`Send.poll`: throw `ClosedError` if closed; for a bounded channel, `this.#slot ??= slots.acquire()` and poll it; once it is ready, `forget()` the permit (it travels with the message) and `deliver(message)`: `receivers.shift()` and set `handed = { message }` and wake, or `queue.push`. `Recv.poll`: a handed message, else a queued one (`taken` releases its slot), else `undefined` when `senderCount === 0` and the queue is empty, else queue a waiter. `Recv.cancel()` with a handed message gives it to the next waiter or `queue.unshift`s it. `race`: start at `rotation++ % futures.length`, poll each once round, and `cancel` every other future when one is ready or throws.",
  ],
};
