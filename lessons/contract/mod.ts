/**
 * The runtime's contract: the shared vocabulary every lesson uses, given rather than
 * written by the learner. The rules it stands for are in this folder's `README.md`.
 *
 * - `outcome.ts`: how a piece of work ended.
 * - `errors.ts`: one error class for each way a future or task ends badly.
 * - `cancel.ts`: cancelling what a future set up, and the future type that promises it.
 *
 * @module
 */

export { type Outcome } from "./outcome.ts";
export {
  CancelledError,
  ClosedError,
  DeadlockError,
  PolledAfterCompletionError,
  TaskError,
  TimeoutError,
} from "./errors.ts";
export {
  cancel,
  type Cancellable,
  type CancellableFuture,
  isCancellable,
} from "./cancel.ts";
