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
  #jobs: (() => void)[] = [];
  #head = 0;
  #scheduled = false;
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
    return this.#jobs.length - this.#head;
  }

  /** Add `job` at the back, and ask for a flush if none is coming. */
  enqueue(job: () => void): void {
    this.#jobs.push(job);
    if (this.#scheduled) return;
    this.#scheduled = true;
    this.#schedule(() => this.runAll());
  }

  /**
   * Run every job, in order, until the queue is empty, jobs that jobs enqueue
   * included; answer how many ran. A job that throws does not stop the others: its
   * error is reported to the host as an uncaught error, as a throwing microtask is.
   */
  runAll(): number {
    let ran = 0;
    while (this.#head < this.#jobs.length) {
      const job = this.#jobs[this.#head];
      this.#head++;
      ran++;
      // Making it fast: drop the jobs that have run now and then, so a long batch
      // (a chain of a million thens) does not keep every one of them alive.
      // Stryker disable next-line all: when to compact changes memory use only, never the order
      if (this.#head > 1024 && this.#head * 2 > this.#jobs.length) {
        this.#jobs = this.#jobs.slice(this.#head);
        this.#head = 0;
      }
      try {
        job();
      } catch (error) {
        reportError(error);
      }
    }
    this.#jobs = [];
    this.#head = 0;
    this.#scheduled = false;
    return ran;
  }
}
