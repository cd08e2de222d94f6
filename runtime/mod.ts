/**
 * Bounce's runtime: the public API assembled from the learner's lessons. Each export
 * comes from the lesson that builds it, so when every lesson passes, this is their
 * runtime: futures and combinators, tasks, a scheduler, timers and TCP driven by an
 * event loop with `run` (lessons 01–06); channels and synchronisation (07);
 * coroutines, promise bridges and a Promises/A+ promise (08); abortable tasks,
 * timeouts that cancel, and task scopes (09); and Lox, whose scripts run as fibers
 * on this runtime (`runLox`, `LoxSession`; lessons 10–14, the runner in `lox/`);
 * and durable workflows (the `workflow` namespace; lessons 15–17, the engine in
 * `workflow/`).
 *
 * ```ts
 * import { map, run } from "./runtime/mod.ts";
 * await run((rt) => map(rt.sleep(100), () => console.log("a tenth of a second later")));
 * ```
 *
 * `run` hands `main` a {@linkcode Runtime}: spawning, timers, races, TCP and the
 * promise bridges are its methods, so two runtimes in one process stay apart.
 *
 * @module
 */

export {
  cancel,
  type Cancellable,
  type CancellableFuture,
  isCancellable,
} from "../lessons/contract/cancel.ts";
export { type Outcome } from "../lessons/contract/outcome.ts";
export {
  CancelledError,
  ClosedError,
  DeadlockError,
  PolledAfterCompletionError,
  TaskError,
  TimeoutError,
} from "../lessons/contract/errors.ts";
export {
  type Context,
  type Future,
  type Output,
  PENDING,
  type Poll,
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
export { Executor } from "../lessons/03-executor/executor.ts";
export { type JoinHandle } from "../lessons/03-executor/task.ts";
export {
  FifoPolicy,
  type Policy,
  PriorityPolicy,
  RoundRobinPolicy,
} from "../lessons/04-scheduler/policy.ts";
export { type SpawnOptions } from "../lessons/04-scheduler/scheduler.ts";
export { yieldNow } from "../lessons/04-scheduler/yield_now.ts";
export {
  type Clock,
  SystemClock,
  VirtualClock,
} from "../lessons/05-timers/clock.ts";
export {
  type Interval,
  type Sleep,
  type Tick,
  type Timeout,
} from "../lessons/05-timers/timers.ts";
export { EventLoop } from "../lessons/05-timers/event_loop.ts";
export {
  type Address,
  type TcpListener,
  type TcpStream,
} from "../lessons/06-io/tcp.ts";
export { echoConnection } from "../lessons/06-io/echo.ts";
export { Semaphore } from "../lessons/07-channels/semaphore.ts";
export { Mutex, type MutexGuard } from "../lessons/07-channels/mutex.ts";
export { Notify } from "../lessons/07-channels/notify.ts";
export { oneshot } from "../lessons/07-channels/oneshot.ts";
export {
  channel,
  type Receiver,
  type Sender,
  unbounded,
} from "../lessons/07-channels/channel.ts";
export {
  race,
  type RaceOptions,
  Rotation,
  type Winner,
} from "../lessons/07-channels/race.ts";
export { coroutine, wait } from "../lessons/08-coroutines/coroutine.ts";
export { JobQueue } from "../lessons/08-coroutines/job_queue.ts";
export { BouncePromise } from "../lessons/08-coroutines/promise.ts";
export { type TaskHandle } from "../lessons/09-cancellation/abort.ts";
export { withTimeout } from "../lessons/09-cancellation/timeout.ts";
export { type Scope } from "../lessons/09-cancellation/scope.ts";
export { type Notifiable } from "../lessons/08-coroutines/bridge.ts";
export { run, type RunOptions, Runtime } from "./run.ts";
export {
  type LoxIo,
  type LoxRunOptions,
  LoxSession,
  runLox,
} from "./lox/interpret.ts";
export * as workflow from "./workflow/mod.ts";
