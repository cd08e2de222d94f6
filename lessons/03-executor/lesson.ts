import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 03, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "An executor",
  goal:
    "Run many tasks on one thread: spawn them, queue each woken task exactly once, join their results, contain their failures and detect deadlock.",
  files: ["task.ts", "executor.ts"],
  permissions: [],
  hints: [
    "Start with `JoinHandle`: it is lesson 02's `Signal` again, with a second way to end. Keep three private fields: the outcome (`Outcome<T> | undefined`, which the `outcome` getter returns), the waiting task's waker, and a `taken` flag. `settle` is `Signal.resolve`: store the outcome, take the waker out of its field, then wake it. In `poll`, the one new case is a failed outcome: where `Signal` would return `ready(value)`, throw `new TaskError(outcome.error)`.",
    "A `Task` keeps its future, its `schedule` function and two booleans, `#scheduled` and `#done`. `wake()` returns early if either is true; otherwise it sets `#scheduled` and calls `this.#schedule(this)`. In `run()`, set `#scheduled = false` *before* you poll: the future may call `wake()` during the poll (the tests' `yielding` helper does), and that wake must queue the task again. Clear the flag after the poll instead, and that wake finds it still set and is lost.",
    "The rest of `Task.run()`: return at once if the task is done, then poll with `{ waker: this }` inside `try`/`catch`. A throw or a ready answer ends the task: set `#done` and call `this.handle.settle({ ok: false, error })` or `this.handle.settle({ ok: true, value: polled.value })`. Pending needs nothing more, because the future kept the waker. Then `Executor.spawn`: `const task = new Task(future, (t) => this.#queue.push(t))`, count one more live task, call `task.wake()` and return `task.handle`.",
    "`runUntilIdle()`: keep `#queue: Runnable[]` and `#head = 0`. While `this.#head < this.#queue.length`, take `this.#queue[this.#head++]`, `run()` it and count the poll; if that run ended the task, there is one live task fewer. (Now and then, slice off the part before `#head`.) `run(main)`: `const handle = this.spawn(main)`, `this.runUntilIdle()`, then read `handle.outcome`: `undefined` means `throw new DeadlockError(this.liveTasks)`, a failed outcome means `throw outcome.error`, and otherwise return `outcome.value`.",
  ],
};
