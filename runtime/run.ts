/**
 * `run` and `spawn` without passing an executor around: `run` makes one and makes it
 * current while it runs, and `spawn` uses the current one (tokio's `Runtime::block_on`
 * and `tokio::spawn` work the same way).
 *
 * @module
 */

import type { Future } from "../lessons/01-futures/future.ts";
import { Executor } from "../lessons/03-executor/executor.ts";
import type { JoinHandle } from "../lessons/03-executor/task.ts";

let current: Executor | undefined;

/**
 * Run `main` on a fresh executor until it finishes, and return its value. Inside,
 * {@linkcode spawn} starts tasks on that executor.
 */
export function run<T>(main: Future<T>): T {
  const outer = current;
  const executor = new Executor();
  current = executor;
  try {
    return executor.run(main);
  } finally {
    current = outer;
  }
}

/** Start `future` as a task on the running executor. Only valid inside {@linkcode run}. */
export function spawn<T>(future: Future<T>): JoinHandle<T> {
  if (current === undefined) {
    throw new Error(
      "spawn() was called outside run(): there is no executor to run the task",
    );
  }
  return current.spawn(future);
}
