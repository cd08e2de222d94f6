/**
 * The errors of the runtime, one class for each way a future or a task can end badly.
 * Every lesson throws these and no others for the same situations, so a caller can
 * tell "cancelled" from "timed out" from "closed" with `instanceof`, whichever lesson
 * the future came from.
 *
 * @module
 */

/** Thrown by a future that is polled again after it returned its value or was cancelled. */
export class PolledAfterCompletionError extends Error {
  /** @param what names the future, for the message. */
  constructor(what: string) {
    super(`${what} was polled again after it had completed or been cancelled`);
    this.name = "PolledAfterCompletionError";
  }
}

/**
 * What a cancelled task ends with: it was aborted, timed out inside a scope, or still
 * running when its runtime shut down.
 */
export class CancelledError extends Error {
  /** @param reason why, for the message; "the task was cancelled" if not given. */
  constructor(reason = "the task was cancelled") {
    super(reason);
    this.name = "CancelledError";
  }
}

/**
 * Thrown by joining a task that did not end with a value, whichever way it ended: it
 * threw (`cause` is what it threw) or it was cancelled (`cancelled` is true and `cause`
 * is the {@linkcode CancelledError}). Tokio's `JoinError` plays the same part.
 *
 * @example
 * ```ts
 * try {
 *   // ... a poll of a JoinHandle
 * } catch (error) {
 *   if (error instanceof TaskError && error.cancelled) console.log("aborted");
 * }
 * ```
 */
export class TaskError extends Error {
  /** @param cause what the task's future threw. */
  constructor(cause: unknown) {
    super(describeFailure(cause), { cause });
    this.name = "TaskError";
  }

  /** True if the task was cancelled rather than failing on its own. */
  get cancelled(): boolean {
    return this.cause instanceof CancelledError;
  }
}

/** Thrown by `run` when the main future waits but nothing is left that could wake it. */
export class DeadlockError extends Error {
  /** @param waiting how many tasks are pending, the main one included. */
  constructor(readonly waiting: number) {
    super(
      `deadlock: the main future is pending, no task is ready to run and nothing can ` +
        `wake one (${waiting} ${
          waiting === 1 ? "task is" : "tasks are"
        } waiting)`,
    );
    this.name = "DeadlockError";
  }
}

/** Thrown by a timeout whose time ran out before its future was ready. */
export class TimeoutError extends Error {
  /** @param ms the time limit that was exceeded. */
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = "TimeoutError";
  }
}

/** Thrown by a channel, oneshot, semaphore, listener or stream that has been closed. */
export class ClosedError extends Error {
  /** @param what says what was closed, for the message. */
  constructor(what: string) {
    super(`${what} is closed`);
    this.name = "ClosedError";
  }
}

const MAX_REASON = 200;

/**
 * A short message for a task's failure. It never copies a nested `TaskError`'s
 * message (a chain of joins would grow it at every level), and never throws, even for
 * a value `String()` cannot convert (an object with no prototype).
 */
function describeFailure(cause: unknown): string {
  if (cause instanceof CancelledError) return "the task was cancelled";
  if (cause instanceof TaskError) {
    return "the task failed: a task it joined failed (see cause)";
  }
  let reason: string;
  try {
    reason = cause instanceof Error ? cause.message : String(cause);
  } catch {
    reason = Object.prototype.toString.call(cause);
  }
  if (reason.length > MAX_REASON) reason = `${reason.slice(0, MAX_REASON)}…`;
  return `the task failed: ${reason}`;
}
