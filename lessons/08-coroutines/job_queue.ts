/**
 * A job queue: what the ECMAScript spec calls the queue of "promise jobs", and what
 * people call the microtask queue. A promise never runs a `then` callback at once; it
 * enqueues a job, and the queue runs its jobs later, first in first out, all of them,
 * including jobs enqueued by jobs, before the host does anything else.
 *
 * This one is ours. It needs the host only to say "run me soon" once per batch (by
 * default with `queueMicrotask`), so a test can pass its own `schedule` and decide when.
 *
 * @module
 */

/** A first-in, first-out queue of jobs, run in batches. */
export class JobQueue {
  // TODO: the jobs (an array and a head index) and whether a flush is scheduled.
  #schedule: (flush: () => void) => void;

  /**
   * @param schedule asks the host to call `flush` soon; called once for each batch,
   * when the first job of an empty queue arrives.
   */
  constructor(
    schedule: (flush: () => void) => void = (flush) => queueMicrotask(flush),
  ) {
    this.#schedule = schedule;
  }

  /** How many jobs are waiting. */
  get length(): number {
    throw new Error("not implemented: JobQueue.length");
  }

  /** Add `job` at the back, and ask for a flush if none is coming. */
  enqueue(job: () => void): void {
    void job, this.#schedule;
    throw new Error("not implemented: JobQueue.enqueue");
  }

  /**
   * Run every job, in order, until the queue is empty, jobs that jobs enqueue
   * included; answer how many ran. A job that throws does not stop the others: its
   * error is reported to the host as an uncaught error, as a throwing microtask is.
   */
  runAll(): number {
    // TODO: a job may enqueue more: run until the end of the array is reached.
    // Catch what a job throws and pass it to reportError().
    throw new Error("not implemented: JobQueue.runAll");
  }
}
