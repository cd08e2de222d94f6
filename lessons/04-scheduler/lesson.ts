import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 04, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "A scheduler",
  goal:
    "Choose which ready task runs next, with FIFO, round robin with a poll budget, and priorities with a boost, and measure which of them let a task that stays ready starve the others.",
  files: ["policy.ts", "scheduler.ts", "yield_now.ts"],
  permissions: [],
  hints: [
    'Every policy is a `TaskQueue` (given in task_queue.ts) plus a little state. `FifoPolicy` needs one more field, a slot `#again: Runnable | undefined` for the task that stayed ready: `push` puts a `"stayed"` task in the slot and anything else at the back of the queue; `pop` empties the slot first, else shifts the queue. `size` counts both.',
    "`RoundRobinPolicy` is `FifoPolicy` plus a counter `#streak` of polls in a row. `pop` from the slot adds one to it; `pop` from the queue sets it to 1. `push` uses the slot only while `#streak < budget`. `PriorityPolicy`: `push` grows `#queues` until `#queues[priority]` exists and queues the task there; `pop` counts polls, and when the count reaches `boostEvery` it resets it and moves every task of queues 1, 2, … to the back of queue 0 (`takeAll`), then shifts from the first queue that has a task.",
    '`Scheduler.spawn` is lesson 03\'s `Executor.spawn` with a different schedule function, one for every task: `#schedule = (task: Runnable) => this.#policy.push(task, this.#arrival(task), this.#priorities.get(task) ?? 0)`, where `#priorities` is a `WeakMap<Runnable, number>` that `spawn` fills only for a priority other than 0. `#arrival(task)` answers `"woken"` unless `task` is the one being polled right now (keep it in `#running` during `task.run()`), and then `"yielded"` if `yieldRequested` is set, else `"stayed"`.',
    '`tick(maxPolls)`: `while (polls < maxPolls)`, pop a task (stop if there is none, skip it if it is done), set `#running = task` and `yieldRequested = false`, `task.run()`, clear `#running`, count the poll, and count one live task fewer if it ended. `run(main)` is lesson 03\'s `run` with `tick()` for `runUntilIdle()`. `yieldNow()` returns a `{ poll(cx) { … } }` object with a three-state variable: `"fresh"` → `requestYield()`, `cx.waker.wake()`, return `PENDING`; `"yielded"` → `ready(undefined)`; `"done"` → throw `PolledAfterCompletionError`.',
  ],
};
