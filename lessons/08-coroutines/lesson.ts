import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 08, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "async/await under the hood",
  goal:
    "See how an async function becomes a state machine by driving generator coroutines as tasks, bridge runtime futures and native promises both ways, and build a promise on your own job queue that passes all 872 tests of the Promises/A+ suite.",
  files: ["coroutine.ts", "bridge.ts", "job_queue.ts", "promise.ts"],
  permissions: ["--allow-env=COV,DEBUG,DEBUG_FD,MOCHA_COLORS"],
  quickRun: {
    args: ["--quick"],
    note:
      "This run left out the Promises/A+ suite's 180 slow 'eventually' cases and stopped at its first failure.",
  },
  timeLimitSeconds: 60,
  hints: [
    '`Coroutine.poll`: on the first poll call `#body()` to make the generator. Then loop: resume it with `generator.next(value)` (or `generator.throw(error)` when the awaited future threw), and look at the step. `done` means return `ready(step.value)`; otherwise `step.value` is the future it waits for: poll it at once. Pending: keep it in `#waitingFor` and return `PENDING`. Ready: go round with its value. On a later poll, start by polling `#waitingFor`. `wait(future)` is one statement: `return (yield future) as T;` (then delete the `deno-lint-ignore require-yield` line above it). A poll after `cancel()` throws a `PolledAfterCompletionError` saying "a cancelled coroutine".',
    "`Coroutine.cancel()`: mark it cancelled; `cancel(#waitingFor)` (from lesson 07's cancel.ts), then `generator.return(undefined as T)`. That runs the generator's `finally` blocks, as a `return` at the `yield` would. If a `finally` yields another future, `return` hands it back (`done: false`): cancel that one too and call `return` again until `done`.",
    "`toPromise`: inside `new Promise((resolve, reject) => …)` make a waker whose `wake()` queues one `queueMicrotask(poll)` (a flag stops a second), and a `poll` that polls the future: ready resolves, a throw rejects, and after every poll nudge the reactor (`reactor.watch(Promise.resolve(), () => {})`) so a parked loop looks at its tasks and timers again. Call `wake()` once to start. `fromPromise`: `reactor.watch(promise, (outcome) => { … })` stores the outcome and wakes the stored waker; `poll` answers from the outcome or stores `cx.waker`. `JobQueue`: an array, a head index and a `#scheduled` flag; `enqueue` pushes and calls `#schedule(() => this.runAll())` only if not already scheduled; `runAll` runs from the head until it meets the end (jobs may push more), then resets.",
    "`BouncePromise`: `#state` is pending, fulfilled or rejected; `#reactions` waits for the settle. `then` returns `new BouncePromise((resolve, reject) => this.#react({ onFulfilled, onRejected }), this.#jobs)` (on this promise's job queue) where each reaction calls the callback in `try`, passes its result to `resolve` (a throw to `reject`), or passes the value or reason straight through if the callback is not a function. `#react` enqueues a job if settled, else stores the reaction; `#settle` enqueues every stored one. `#resolvers()` makes a `resolve`/`reject` pair guarded by one `used` flag. `#resolveWith(x)`: `x === this` → TypeError; not an object or function → fulfil; read `x.then` once (a throw rejects); a function → `then.call(x, resolve, reject)` with a fresh `#resolvers()` pair, catching a throw into `reject`; otherwise fulfil.",
  ],
};
