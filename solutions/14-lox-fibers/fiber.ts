/**
 * A Lox fiber is a runtime {@linkcode Future}: each poll runs at most `budget`
 * instructions of the VM, then the fiber wakes itself and answers pending, so the
 * scheduler can run someone else. A Lox `while (true) {}` therefore cannot starve the
 * runtime, which no JavaScript `async` function can promise: an `async` function
 * gives the thread back only at an `await`, while the VM can stop between any two
 * instructions because its whole state is data (preemption by instruction count, like
 * BEAM's reductions or wasmtime's fuel).
 *
 * ```
 *  poll ─► waiting on a native's future? ── pending ─────────────► PENDING
 *            │ ready(value): push it on the VM's stack
 *            ▼
 *          runFiber(what is left of the budget)
 *            ├─ "budget": budget spent ─► wake our own task ─────► PENDING
 *            ├─ "wait": hold the future, poll it now ── pending ─► PENDING
 *            │          (ready at once: push its value, run on)
 *            ├─ "done": ready(value)
 *            └─ "error": throw the LoxRuntimeError
 * ```
 *
 * A native that must wait (sleep, recv, accept…) answers `Suspend(future)`; the fiber
 * holds that future and polls it on its later turns, then resumes the VM with its
 * value. Cancelling the fiber cancels the held future (its timer leaves the heap,
 * its place in a channel's queue is given back) and releases what the fiber owns in
 * the {@linkcode Host} table.
 *
 * @module
 */

import {
  type Context,
  type Future,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import {
  cancel,
  type CancellableFuture,
} from "../../lessons/contract/cancel.ts";
import {
  CancelledError,
  PolledAfterCompletionError,
} from "../../lessons/contract/errors.ts";
import type { Outcome } from "../../lessons/contract/outcome.ts";
import type { Host } from "./host.ts";
import { roundTrip } from "./round_trip.ts";
import type { Value } from "../../lessons/12-lox-compiler/value.ts";
import { LoxRuntimeError } from "../../lessons/10-lox-parser/errors.ts";
import {
  type Fiber as FiberState,
  type Program,
  resumeFiber,
  runFiber,
  type Step,
  traceOf,
} from "../../lessons/13-lox-vm/vm.ts";

/**
 * Instructions per poll when not given. Large enough that the cost of giving the
 * thread back is lost in the noise (see runtime/bench/lox_fiber.ts), small enough
 * that a slice lasts well under a millisecond.
 */
export const DEFAULT_BUDGET = 10_000;

/** How a fiber runs. Fibers it spawns run the same way. */
export interface FiberOptions {
  /** Instructions per poll, at least 1; {@linkcode DEFAULT_BUDGET} if not given. */
  readonly budget?: number;
  /**
   * Every this many instructions, copy the state of every fiber of the program (and
   * its globals) with `structuredClone` and go on from the copy: a stress test of
   * snapshots (snapshot.ts). Off if not given.
   */
  readonly snapshotEvery?: number;
  /** The fiber that started this one: it inherits what this one owns when it returns. */
  readonly parent?: Fiber;
}

/** A waker held by someone waiting for a fiber to end. */
interface Joiner {
  waker: Waker;
}

/** A Lox fiber: a VM state, run a budget of instructions per poll. */
export class Fiber implements CancellableFuture<Value> {
  /** The program (globals) this fiber runs in; shared with its other fibers. */
  readonly program: Program;
  /** Where the program's tasks, channels and sockets live. */
  readonly host: Host;
  /** Instructions per poll. */
  readonly budget: number;
  /** Copy the program's state every this many instructions, if set. */
  readonly snapshotEvery: number | undefined;
  /** The fiber that started this one, if any. */
  readonly parent: Fiber | undefined;
  /** The VM's state: plain data. A snapshot's restore replaces it with a copy. */
  state: FiberState;
  #waiting: Future<Value> | undefined;
  #outcome: Outcome<Value> | undefined;
  #joiners = new Set<Joiner>();
  #sinceSnapshot = 0;
  /** The waker of the task that last polled this fiber: how `interrupt` reaches it. */
  #waker: Waker | undefined;
  /** Set by `interrupt`: the error this fiber ends with at its next poll. */
  #interrupted: LoxRuntimeError | undefined;

  /**
   * @param program the program's globals, shared by its fibers.
   * @param state where the VM starts (from `newFiber`, or a snapshot's restore).
   * @param host the program's host table; the fiber joins its list of live fibers.
   * @param options the budget, the snapshot stress test, the parent.
   */
  constructor(
    program: Program,
    state: FiberState,
    host: Host,
    options: FiberOptions = {},
  ) {
    const budget = options.budget ?? DEFAULT_BUDGET;
    if (!(budget >= 1)) {
      throw new RangeError(
        `a fiber's budget must be at least 1, not ${budget}`,
      );
    }
    const every = options.snapshotEvery;
    if (every !== undefined && !(every >= 1)) {
      throw new RangeError(`snapshotEvery must be at least 1, not ${every}`);
    }
    this.program = program;
    this.state = state;
    this.host = host;
    this.budget = budget;
    this.snapshotEvery = every;
    this.parent = options.parent;
    host.fibers.add(this);
  }

  /** How the fiber ended, or `undefined` while it runs. */
  get outcome(): Outcome<Value> | undefined {
    return this.#outcome;
  }

  /** The future a native asked the fiber to wait for, if it waits now. */
  get waitingOn(): Future<Value> | undefined {
    return this.#waiting;
  }

  /**
   * Begin by waiting for `future`, then resume the VM with its value: how a fiber
   * restored from a snapshot taken during a `sleep` goes on sleeping.
   */
  waitFor(future: Future<Value>): void {
    if (this.#waiting !== undefined || this.#outcome !== undefined) {
      throw new RangeError(
        "waitFor: the fiber is already waiting or has ended",
      );
    }
    this.#waiting = future;
  }

  /**
   * Run a slice. Ready with the script's (or function's) return value; throws a
   * {@linkcode LoxRuntimeError} (message and trace) if the program fails.
   */
  poll(cx: Context): Poll<Value> {
    if (this.#outcome !== undefined) {
      throw new PolledAfterCompletionError("a Lox fiber");
    }
    this.#waker = cx.waker;
    if (this.#interrupted !== undefined) {
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting !== undefined) cancel(waiting);
      throw this.#fail(this.#interrupted);
    }
    if (this.#waiting !== undefined && !this.#pollWaiting(cx)) return PENDING;
    return this.#run(cx);
  }

  /**
   * End this fiber with `error` at its next poll, waking its task for it: how the
   * whole program stops when one of its fibers runs out of time (Erlang's exit
   * signal). What it waits on is cancelled, as by `cancel`, but its joiners see
   * `error`, not a cancellation. Harmless once the fiber has ended.
   */
  interrupt(error: LoxRuntimeError): void {
    if (this.#outcome !== undefined || this.#interrupted !== undefined) return;
    this.#interrupted = error;
    this.#waker?.wake();
  }

  /**
   * Stop for good: cancel the future the fiber waits on, and release what it owns
   * (its connections and listeners close, its tasks are cancelled). Idempotent, and
   * harmless once the fiber has ended.
   */
  cancel(): void {
    if (this.#outcome !== undefined) return;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    this.#end({ ok: false, error: new CancelledError("Task was cancelled.") });
    try {
      if (waiting !== undefined) cancel(waiting);
    } finally {
      this.host.release(this);
    }
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  /**
   * A future of how this fiber ends, for any number of waiters (`join`). Cancelling
   * it only stops this waiter's waiting; the fiber runs on.
   */
  ended(): CancellableFuture<Outcome<Value>> {
    const joiner: Joiner = { waker: { wake() {} } };
    let state: "waiting" | "done" = "waiting";
    const leave = () => {
      state = "done";
      this.#joiners.delete(joiner);
    };
    return {
      poll: (cx: Context): Poll<Outcome<Value>> => {
        if (state === "done") {
          throw new PolledAfterCompletionError("a fiber's end");
        }
        const outcome = this.#outcome;
        if (outcome !== undefined) {
          leave();
          return ready(outcome);
        }
        joiner.waker = cx.waker;
        this.#joiners.add(joiner);
        return PENDING;
      },
      cancel: leave,
      [Symbol.dispose]: leave,
    };
  }

  /**
   * Poll the future a native handed us. True once it is ready and its value is on
   * the VM's stack; an error it throws becomes a Lox runtime error here.
   */
  #pollWaiting(cx: Context): boolean {
    const waiting = this.#waiting;
    if (waiting === undefined) return true;
    let polled: Poll<Value>;
    try {
      polled = waiting.poll(cx);
    } catch (error) {
      this.#waiting = undefined;
      throw this.#fail(this.#errorHere(error));
    }
    if (!polled.ready) return false;
    this.#waiting = undefined;
    resumeFiber(this.state, polled.value);
    return true;
  }

  /**
   * Run instructions until the budget is spent, the VM waits for something not
   * ready yet, or it ends. A wait that is over at once (a send to a channel with
   * room) does not end the slice, but its instructions count: a loop of such waits
   * cannot run past the budget either.
   */
  #run(cx: Context): Poll<Value> {
    const started = performance.now();
    let left = this.budget;
    for (;;) {
      const [step, used] = this.#step(left);
      left -= used;
      switch (step.type) {
        case "budget":
          return this.#sliceSpent(cx, started);
        case "done":
          this.#end({ ok: true, value: step.value });
          return ready(step.value);
        case "error":
          throw this.#fail(step.error);
        case "wait":
          this.#waiting = step.future;
          // Polled at once, so that it registers our waker.
          if (!this.#pollWaiting(cx)) return PENDING;
          if (left > 0) continue;
          return this.#sliceSpent(cx, started);
      }
    }
  }

  /**
   * The whole budget is spent: charge the slice, then wake our own task, so it
   * runs again after the others.
   */
  #sliceSpent(cx: Context, started: number): Poll<Value> {
    this.#chargeSlice(started);
    cx.waker.wake();
    return PENDING;
  }

  /**
   * Let the host charge a whole slice that began at `started` (`performance.now()`):
   * on a virtual clock, a fiber that keeps computing makes time pass (runs that end
   * in a wait are free). A program past its limit of computing time ends here, with
   * a trace of where it was: this throws that error.
   */
  #chargeSlice(started: number): void {
    const over = this.host.computed(this.budget, performance.now() - started);
    if (over !== undefined) {
      const error = new LoxRuntimeError(over, traceOf(this.state));
      this.host.overLimit(error);
      throw this.#fail(error);
    }
  }

  /**
   * Run the VM for at most `budget` instructions, with this fiber as the host's
   * current fiber (natives ask it who called them). Answers the step and how many
   * instructions it ran: "budget" only once all of `budget` is used.
   *
   * Under the snapshot stress test, the run is cut into pieces of `snapshotEvery`
   * instructions with a round trip through `structuredClone` between them (and
   * before every wait), but where it stops never changes: the program must run
   * exactly as it does without the test.
   */
  #step(budget: number): [Step, number] {
    const every = this.snapshotEvery;
    let used = 0;
    for (;;) {
      const piece = every === undefined
        ? budget - used
        : Math.min(budget - used, every - this.#sinceSnapshot);
      const [step, ran] = this.#runVm(piece);
      used += ran;
      this.#sinceSnapshot += ran;
      if (step.type === "budget") {
        if (every !== undefined && this.#sinceSnapshot >= every) {
          this.#roundTrip();
        }
        if (used < budget) continue;
      } else if (step.type === "wait") {
        this.#roundTrip();
      }
      return [step, used];
    }
  }

  /** One call to the VM, as the host's current fiber: the step and its instructions. */
  #runVm(budget: number): [Step, number] {
    const caller = this.host.current;
    const state = this.state;
    const before = state.steps;
    this.host.current = this;
    try {
      return [runFiber(this.program, state, budget), state.steps - before];
    } catch (error) {
      // A fault the VM did not turn into a Lox error (a string too long for the
      // engine, a bug): it still ends this fiber alone, with a message.
      return [{ type: "error", error: this.#errorHere(error) }, budget];
    } finally {
      this.host.current = caller;
    }
  }

  /** Under the snapshot stress test: copy the program's state, go on from the copy. */
  #roundTrip(): void {
    if (this.snapshotEvery === undefined) return;
    this.#sinceSnapshot = 0;
    roundTrip(this.host, this.program);
  }

  /** A Lox runtime error raised where the fiber stands, with its trace. */
  #errorHere(error: unknown): LoxRuntimeError {
    const message = error instanceof Error ? error.message : String(error);
    return new LoxRuntimeError(message, traceOf(this.state));
  }

  #fail(error: LoxRuntimeError): LoxRuntimeError {
    this.#end({ ok: false, error });
    this.host.release(this);
    return error;
  }

  #end(outcome: Outcome<Value>): void {
    this.#outcome = outcome;
    this.host.fibers.delete(this);
    if (outcome.ok) this.host.transfer(this, this.parent);
    const joiners = [...this.#joiners];
    this.#joiners.clear();
    for (const joiner of joiners) joiner.waker.wake();
  }
}
