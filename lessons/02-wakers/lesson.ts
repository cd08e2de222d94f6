import type { LessonMeta } from "../../course/lesson_meta.ts";

/** Lesson 02, as the course engine sees it. */
export const lesson: LessonMeta = {
  title: "Wakers",
  goal:
    "Drive one future to completion with blockOn, polling it only after its waker is called, and never losing a wake.",
  files: ["parker.ts", "signal.ts", "block_on.ts"],
  permissions: [],
  hints: [
    "Start with `parker.ts`. A `Parker` is two fields: a boolean permit, and the `resolve` function of the promise a parked waiter is awaiting (`undefined` when nobody is parked). `unpark()` always sets the permit, and calls that `resolve` if there is one. `park()` skips the wait when the permit is already set; otherwise it makes `new Promise<void>((resolve) => ...)` and stores `resolve` where `unpark()` can find it.",
    'In `signal.ts`, keep the value wrapped (`{ value }`, so `undefined` can be a value too), the waker, and a `taken` flag. A pending `poll` overwrites the stored waker with `cx.waker` every time: only the latest poll\'s waker counts. `resolve` returns early if already resolved; otherwise it stores the value, copies the waker into a local, sets the field to `undefined`, and only then calls `wake()` on the local. A ready poll sets `taken`; any poll after that throws `new PolledAfterCompletionError("Signal")`.',
    "Make `blockOn` an `async function`, so a throw from `poll` becomes a rejection. Create one `Parker` and one `Context` before the loop, `{ waker: { wake: () => parker.unpark() } }`, then `while (true)`: poll; if `ready`, return `value`; otherwise `await parker.park()`. Don't create a fresh \"wait for wake\" promise after each poll: a wake that happens during `poll` (lesson 01's `YieldNow` does exactly that) would find nobody listening. The permit is what keeps it.",
    'If every Parker test passes but "three wakes before the next poll cause one poll, not three" sees 3 polls, your Parker uses up the permit too early, when `unpark()` resolves the waiter. Shape of `park()`: make it `async`; if there is no permit, `await new Promise<void>((resolve) => this.#wakeWaiter = resolve)` and then forget the waiter; in both cases set the permit to `false` as the very last step, once the waiter is running again. `unpark()` never clears the permit.',
  ],
};
