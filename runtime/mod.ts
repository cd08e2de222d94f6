/**
 * Bounce's runtime: the public API assembled from the learner's lessons. Each export
 * comes from the lesson that builds it, so when every lesson passes, this is their
 * runtime. So far (lessons 01–03): futures, combinators, `blockOn`, and an executor
 * with `run` and `spawn`.
 *
 * ```ts
 * import { run, spawn, join, map } from "./runtime/mod.ts";
 * ```
 *
 * @module
 */

export {
  type Context,
  type Future,
  type Output,
  PENDING,
  type Poll,
  PolledAfterCompletionError,
  ready,
  type Waker,
} from "../lessons/01-futures/future.ts";
export {
  Countdown,
  Ready,
  YieldNow,
} from "../lessons/01-futures/state_machines.ts";
export {
  andThen,
  type Either,
  join,
  map,
  select,
} from "../lessons/01-futures/combinators.ts";
export { blockOn } from "../lessons/02-wakers/block_on.ts";
export { Signal } from "../lessons/02-wakers/signal.ts";
export { DeadlockError, Executor } from "../lessons/03-executor/executor.ts";
export { type JoinHandle, TaskError } from "../lessons/03-executor/task.ts";
export { run, spawn } from "./run.ts";
