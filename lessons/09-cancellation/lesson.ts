import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 09, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Cancellation and structured concurrency",
  goal:
    "Stop tasks cleanly: abort a task through its handle so its timers and waits are undone, release handles, timers and sockets with `using`, time out without leaking the loser, and run tasks in scopes that end only after their children and fail once, after cancelling the rest.",
  files: ["abort.ts", "timeout.ts", "scope.ts"],
  permissions: ["--allow-net=127.0.0.1"],
  allowedToPassOnStarter: {
    "a sleep held with `using` is cancelled when the block ends":
      "It shows `using` on lesson 05's Sleep, whose [Symbol.dispose] is given code that calls the learner's cancel(); it passes as soon as lesson 05 does.",
  },
  hints: [
    "`Abortable.poll`: if `#aborted`, `cancel(this.#future)` and throw a `CancelledError`; otherwise keep `cx.waker` (abort() needs it) and poll the future. `abort()` sets the flag and wakes the kept waker. `spawnAbortable` wraps the future in an `Abortable`, spawns that, and returns `new TaskHandle(joinHandle, abortable)`.",
    "`TaskHandle.poll` polls the `JoinHandle`; a `TaskError` whose `cause` is a `CancelledError` is rethrown as that `CancelledError`, so callers can tell an abort from a failure. `finished` is `join.outcome !== undefined`. `cancel()` and `[Symbol.dispose]()` both abort.",
    '`withTimeout`: make `timers.sleep(ms)`, and race two futures that each answer a tagged value, `{ kind: "value", value }` and `{ kind: "timeout" }`, each with a `cancel` (the future\'s own `cancel`, through lesson 07\'s `cancel()`; the sleep\'s `cancel()`). `race` cancels the loser. A timeout throws `TimeoutError(ms)`.',
    "`ScopeFuture.spawn` wraps the child's future in one that calls `#childEnded(child, { error })` when it throws and `#childEnded(child)` when it is ready or cancelled, then `spawnAbortable`s it and adds the handle to `#children`. `#childEnded` deletes it, calls `#fail` if it failed (a child the scope aborts ends through `cancel`, with no error), and wakes the scope. `#fail` keeps the first error only, cancels the body and aborts every child. `poll`: keep the waker; poll the body (make it on the first poll) unless it failed or finished; pending while any child is left; then throw the failure, or answer the body's value.",
  ],
};
