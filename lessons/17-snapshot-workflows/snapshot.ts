/**
 * Snapshot: a Lox workflow is a script run as the main fiber of a program on the
 * worker's runtime, made durable by saving the fiber whole (lesson 14's
 * `captureFiber`: its stack, frames and the program's globals) at each durable
 * point, in the same transaction as what the point records. A later activation
 * restores the fiber from its last snapshot and goes on from just after that point:
 * nothing before it runs again, and nothing is replayed, so the script may use
 * `clock()`, `now()` and any computation it likes. What cannot be saved is the
 * price: a live channel, socket or spawned task at a durable point fails the
 * workflow (`SnapshotError`), and a snapshot holds the code it was taken in, so a
 * fixed script does not change a workflow already started.
 *
 * The natives a workflow has on top of the language's own:
 *
 * - `step(name, fn)` runs `fn()` (a function of no parameters) once, then commits
 *   the journal entry `{name, result}`, the fiber's snapshot and the held `put`s in
 *   one transaction, and returns the result. A crash before that commit runs `fn`
 *   again on recovery: an effect outside the store is at least once.
 * - `idempotencyKey()`, inside a step's function: `"workflowId:stepNumber"`, the
 *   same each time that step runs, for a receiver to apply its effect once.
 * - `get(key)`: the state's value (nil if never put). `put(key, value)`: value nil,
 *   a boolean, a finite number or a string; held, and committed with the next
 *   durable point (a step, a sleep, a signal, the end), so applied exactly once.
 * - `sleep(ms)`: durable. Journals a step `sleep` whose result is the wake-up time,
 *   and parks the workflow until then; the worker resumes it from the snapshot when
 *   it is due. (The language's own `sleep` is replaced.)
 * - `waitSignal(name)`: consumes the oldest signal `name` not consumed yet, in a
 *   commit that journals a step `signal:NAME` with its value, and returns the value;
 *   if there is none, the workflow parks until one comes (`deno task workflow
 *   signal ID NAME VALUE`).
 * - `now()`: the time, in milliseconds since the epoch.
 *
 * A script cannot `return` at its top level, so a workflow's result is the value of
 * its global `result` when the script ends (nil if it has none).
 *
 * Journal results are JSON: nil, booleans, numbers and strings as they are; any
 * other value (an instance, a function) as `print` shows it. The script's `print`
 * goes to the worker's output; a runtime error fails the workflow with its report,
 * and so does a deadlock the worker's runtime cannot see (the main fiber alone,
 * waiting in `recv` or `send`).
 * `runtime/examples/workflow_order.lox` uses every native.
 *
 * ```
 *  native (lox_natives.ts)        driver (here)                 store
 *  step → __stepCommit(result)
 *    reach(point) ─ Suspend(gate) ─► fiber waits behind the gate
 *                                  captureFiber, serialize ─────► commit {step,
 *                                                                  writes, snapshot}
 *    ◄──────────────────────────── gate.open() (or end: parked)
 * ```
 *
 * Your part is in `SnapshotRun`: the TODOs, in the order of the README's tasks.
 *
 * @module
 */

import { deserialize, serialize } from "node:v8";
import {
  type Context,
  PENDING,
  type Poll,
  ready,
} from "../01-futures/future.ts";
import { VirtualClock } from "../05-timers/clock.ts";
import type { CancellableFuture } from "../../lessons/contract/cancel.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import { LoxRuntimeError } from "../10-lox-parser/errors.ts";
import { compile } from "../12-lox-compiler/compiler.ts";
import { newClosure, type Value } from "../12-lox-compiler/value.ts";
import {
  newFiber,
  newProgram,
  type Program,
  runFiber,
  traceOf,
} from "../13-lox-vm/vm.ts";
import { Fiber } from "../14-lox-fibers/fiber.ts";
import { Host } from "../14-lox-fibers/host.ts";
import { sleepUntil } from "../14-lox-fibers/natives.ts";
import { NativeWait } from "../14-lox-fibers/wait.ts";
import {
  INSTRUCTIONS_PER_VIRTUAL_MS,
  type LoxIo,
} from "../14-lox-fibers/script.ts";
import {
  captureFiber,
  type FiberSnapshot,
  restoreFiber,
  SnapshotError,
} from "../14-lox-fibers/snapshot.ts";
import type { Runtime } from "../../runtime/run.ts";
import type {
  Activate,
  Activation,
} from "../../runtime/workflow/activation.ts";
import { type DurablePoint, LoxJournal } from "./lox_journal.ts";
import {
  journalValue,
  type MainFiber,
  workflowNatives,
} from "./lox_natives.ts";
import { compilePrelude, withoutPrelude } from "./lox_prelude.ts";
import { describe } from "../16-replay/replay.ts";
import type { Commit } from "../15-durable-store/store.ts";

export type { LoxIo };

/**
 * The activator for workflows of kind "snapshot": each activation starts the
 * claimed script, or restores it from its snapshot, and runs it to its next park or
 * its end. `print` goes to `io.stdout`.
 *
 * @example
 * ```ts
 * const io = { stdout: (t: string) => console.log(t.trimEnd()), stderr: console.error };
 * const worker = new Worker(store, runtime, {
 *   activate: {
 *     replay: (a) => activateReplay(definition, a),
 *     snapshot: snapshotWorkflows(io),
 *   },
 * });
 * await runtime.run(worker.run());
 * ```
 */
export function snapshotWorkflows(io: LoxIo): Activate {
  return (activation) => new SnapshotRun(activation, io);
}

/** A fiber's snapshot as the store keeps it: `node:v8`'s serialization of it. */
export function encodeSnapshot(snapshot: FiberSnapshot): Uint8Array {
  const bytes = serialize(snapshot);
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** The snapshot {@linkcode encodeSnapshot} made; throws if `bytes` are not one. */
export function decodeSnapshot(bytes: Uint8Array): FiberSnapshot {
  return deserialize(bytes) as FiberSnapshot;
}

/** A running script: its host table, its journal, its main fiber. */
interface Loaded {
  readonly host: Host;
  readonly journal: LoxJournal;
  readonly main: Fiber;
}

/** One activation of a Lox workflow, as a future the worker runs as a task. */
class SnapshotRun implements CancellableFuture<void> {
  readonly #activation: Activation;
  readonly #io: LoxIo;
  #loaded: Loaded | undefined;
  #done = false;

  constructor(activation: Activation, io: LoxIo) {
    this.#activation = activation;
    this.#io = io;
  }

  /** Run the script until it parks or ends; either is committed by then. */
  poll(cx: Context): Poll<void> {
    if (this.#done) {
      throw new PolledAfterCompletionError("a Lox workflow's activation");
    }
    try {
      const polled = this.#poll(cx);
      if (polled.ready) this.#end();
      return polled;
    } catch (error) {
      // LostLeaseError, a crash of the fault tests, or a bug: the worker sees it.
      this.#end();
      throw error;
    }
  }

  /** Stop: the fiber is cancelled, its resources closed. Idempotent. */
  cancel(): void {
    if (!this.#done) this.#end();
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }

  #poll(cx: Context): Poll<void> {
    const loaded = this.#loaded ?? this.#load();
    if (loaded === undefined) return ready(undefined);
    const { main, journal } = loaded;
    let polled: Poll<Value>;
    try {
      polled = main.poll(cx);
    } catch (error) {
      if (!(error instanceof LoxRuntimeError)) throw error;
      this.#fail(withoutPrelude(error.report.trimEnd()));
      return ready(undefined);
    }
    if (polled.ready) return this.#finish(loaded);
    const point = journal.takePoint();
    if (point !== undefined) return this.#handle(point, loaded);
    if (waitsForever(loaded)) {
      // The worker's own timers keep its runtime alive, so the runtime cannot see
      // this deadlock as lesson 14's does; left alone, it would hold its lease forever.
      this.#fail(
        withoutPrelude(
          [
            "Deadlock: the workflow waits on a channel, and no other fiber is left to use it.",
            ...traceOf(main.state),
          ].join("\n"),
        ),
      );
      return ready(undefined);
    }
    return PENDING;
  }

  /**
   * The fiber waits at a durable point: crash there if the tests say so, save the
   * fiber and commit, then let it go on (it wakes our task), or end if it parked.
   */
  #handle(point: DurablePoint, loaded: Loaded): Poll<void> {
    // TODO(task 1): the fiber waits behind point.gate, stopped between two
    // instructions. Crash here if the tests say so (faults.at(point.fault)). If the
    // point commits (point.commit): save the fiber — encodeSnapshot(capture(loaded));
    // a SnapshotError fails the workflow with its message and where the script was
    // (withoutPrelude(traceOf(...))) — then commit the point's parts, the journal's
    // held writes and the snapshot in ONE #commit, and tell the journal
    // (committed). A point that parks ends the activation: ready. Otherwise open
    // the gate and answer PENDING (the fiber wakes this task).
    void [point, loaded, encodeSnapshot, capture, SnapshotError, traceOf];
    throw new Error(
      "not implemented: #handle (save the fiber in the point's commit)",
    );
  }

  /** The script has ended: its held `put`s and its result, in the commit that ends it. */
  #finish({ main, journal }: Loaded): Poll<void> {
    // TODO(task 2): the script has ended. Commit the journal's held writes with the
    // finish: completed, its result the global `result` as the journal keeps values
    // (journalValue; nil if the script set none). Then ready.
    void [main, journal, journalValue];
    throw new Error("not implemented: #finish (the last durable point)");
  }

  /** Set the script up: compiled afresh, or restored. `undefined` if it failed. */
  #load(): Loaded | undefined {
    const { runtime, claim } = this.#activation;
    const host = newHost(runtime);
    const journal = new LoxJournal(this.#activation);
    const workflow: MainFiber = { main: undefined };
    const program = newProgram(
      workflowNatives(host, journal, workflow),
      (text) => this.#io.stdout(text),
    );
    const main = claim.snapshot === null
      ? this.#start(program, host)
      : this.#restore(claim.snapshot, program, host);
    if (main === undefined) {
      host.closeAll();
      return undefined;
    }
    workflow.main = main;
    this.#loaded = { host, journal, main };
    return this.#loaded;
  }

  /** The first activation: the prelude, then the script, compiled. */
  #start(program: Program, host: Host): Fiber | undefined {
    const prelude = runFiber(
      program,
      newFiber(program, newClosure(compilePrelude())),
      Infinity,
    );
    if (prelude.type !== "done") {
      throw new Error(`The workflow prelude did not run: ${prelude.type}`);
    }
    const compiled = compile(this.#activation.claim.workflow.source);
    if ("errors" in compiled) {
      this.#fail(compiled.errors.map((error) => error.report).join("\n"));
      return undefined;
    }
    return new Fiber(
      program,
      newFiber(program, newClosure(compiled.fn)),
      host,
    );
  }

  /** A later activation: the fiber as its last durable point saved it. */
  #restore(bytes: Uint8Array, program: Program, host: Host): Fiber | undefined {
    // TODO(task 3): decode the bytes (decodeSnapshot) and restoreFiber them into
    // `program` on `host`; a fiber saved in a sleep sleeps on with sleepUntil(host, …).
    // Bytes that do not restore fail the workflow (#fail) with a message that says
    // so, and answer undefined.
    void [
      bytes,
      program,
      host,
      decodeSnapshot,
      restoreFiber,
      sleepUntil,
      describe,
    ];
    throw new Error(
      "not implemented: #restore (the fiber as its last point saved it)",
    );
  }

  #fail(error: string): void {
    this.#commit({ finish: { status: "failed", error } });
  }

  /** One durable point, for the worker that owns the workflow; may crash after. */
  #commit(commit: Commit): void {
    const { store, owner, claim, runtime, faults } = this.#activation;
    store.commit(claim.workflow.id, owner, runtime.loop.clock.now(), commit);
    faults.at("after-commit");
  }

  #end(): void {
    this.#done = true;
    const loaded = this.#loaded;
    if (loaded === undefined) return;
    loaded.main.cancel();
    loaded.host.closeAll();
  }
}

/**
 * The main fiber, saved. Any other fiber still running would be lost by the
 * restore, so it stops the snapshot as a live resource does.
 */
function capture({ host, main }: Loaded): FiberSnapshot {
  for (const fiber of host.fibers) {
    if (fiber !== main) {
      throw new SnapshotError(
        "a task",
        "a spawned task is still running, and only the main fiber is saved; join it before a durable point.",
      );
    }
  }
  return captureFiber(main);
}

/**
 * True if the main fiber waits in `recv` or `send` with no other fiber alive: only
 * fibers use channels, so nothing can ever wake it. (With other fibers alive, one
 * may be about to; a socket's wait can end from outside.)
 */
function waitsForever({ host, main }: Loaded): boolean {
  if (host.fibers.size !== 1) return false;
  const waiting = main.waitingOn;
  if (!(waiting instanceof NativeWait)) return false;
  const reason = waiting.reason;
  return reason.type === "host" &&
    (reason.what.startsWith("recv(") || reason.what.startsWith("send("));
}

/** The host of a workflow's program: on a virtual clock, computing takes time. */
function newHost(runtime: Runtime): Host {
  const clock = runtime.loop.clock;
  return new Host(runtime, {
    compute: clock instanceof VirtualClock
      ? (n) => clock.advance(n / INSTRUCTIONS_PER_VIRTUAL_MS)
      : undefined,
  });
}
