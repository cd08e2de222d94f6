/**
 * What one activation of a Lox workflow keeps between its durable points: the next
 * step number, the `put`s not committed yet, the step whose function runs now, the
 * signal about to be consumed, and the point the fiber waits at.
 *
 * A durable native (lox_natives.ts) does not commit anything itself: it describes
 * the point to {@linkcode LoxJournal.reach} and the fiber waits behind a
 * {@linkcode Gate}. Only then, with the fiber stopped between two instructions, can
 * the driver (snapshot.ts) save it whole and commit; it opens the gate after. The
 * fault points are passed to the driver too, so that a crash the tests simulate by
 * throwing happens outside the VM (which turns whatever a native throws into a Lox
 * error).
 *
 * @module
 */

import {
  type Context,
  PENDING,
  type Poll,
  ready,
  type Waker,
} from "../../lessons/01-futures/future.ts";
import { type CancellableFuture } from "../../lessons/contract/cancel.ts";
import { PolledAfterCompletionError } from "../../lessons/contract/errors.ts";
import type { Value } from "../../lessons/12-lox-compiler/value.ts";
import { Suspend } from "../../lessons/13-lox-vm/vm.ts";
import { NativeWait } from "../../lessons/14-lox-fibers/wait.ts";
import { LoxRuntimeError } from "../../lessons/10-lox-parser/errors.ts";
import type { Activation } from "../../runtime/workflow/activation.ts";
import type { FaultPoint } from "../../runtime/workflow/faults.ts";
import type {
  Commit,
  Json,
  SignalRecord,
} from "../../lessons/15-durable-store/store.ts";

/** What a durable point commits besides the snapshot and the held `put`s. */
export type PointCommit = Pick<Commit, "step" | "consumed" | "park">;

/** A place where the main fiber waits for the driver. */
export interface DurablePoint {
  /** Where the crash tests may kill the worker, first. */
  readonly fault?: FaultPoint;
  /** What to commit with the fiber's snapshot; none for a mere pause. */
  readonly commit?: PointCommit;
  /** What the fiber waits behind; the driver opens it once the point is handled. */
  readonly gate: Gate;
}

/**
 * A future that is pending until opened: a fiber waits behind it at a durable point.
 * It keeps the rules every future keeps: polled after it was ready, it throws;
 * cancelled, it forgets its waker, and an `open` after that wakes nobody.
 */
export class Gate implements CancellableFuture<void> {
  #state: "shut" | "open" | "done" | "cancelled" = "shut";
  #waker: Waker | undefined;

  poll(cx: Context): Poll<void> {
    if (this.#state === "done" || this.#state === "cancelled") {
      throw new PolledAfterCompletionError("a durable point's gate");
    }
    if (this.#state === "open") {
      this.#state = "done";
      return ready(undefined);
    }
    this.#waker = cx.waker;
    return PENDING;
  }

  /** Let the fiber go on. */
  open(): void {
    if (this.#state !== "shut") return;
    this.#state = "open";
    this.#waker?.wake();
    this.#waker = undefined;
  }

  /** Stop waiting: the fiber was cancelled at its durable point. Idempotent. */
  cancel(): void {
    if (this.#state === "done") return;
    this.#state = "cancelled";
    this.#waker = undefined;
  }

  /** `using` cancels. */
  [Symbol.dispose](): void {
    this.cancel();
  }
}

/** One activation's durable state. See the module's comment. */
export class LoxJournal {
  /** The workflow's id. */
  readonly id: string;
  /** The `put`s since the last durable point, committed with the next one. */
  readonly writes: Map<string, Json> = new Map();
  readonly #activation: Activation;
  /** The number of the next journal entry. */
  #next: number;
  /** The step whose function runs now, and its number. */
  #open: { readonly name: string; readonly seq: number } | undefined;
  /** The signal `waitSignal` is about to consume. */
  #held: SignalRecord | undefined;
  /** The point the fiber waits at, until the driver takes it. */
  #point: DurablePoint | undefined;

  /** @param activation the claim this journal goes on from. */
  constructor(activation: Activation) {
    this.#activation = activation;
    this.id = activation.claim.workflow.id;
    this.#next = activation.claim.journalLength;
  }

  /** The time on the runtime's clock (wall-clock ms, or virtual in tests). */
  now(): number {
    return this.#activation.runtime.loop.clock.now();
  }

  /** `step`'s start: a pause where the worker may crash before the function runs. */
  startStep(name: string): Suspend {
    this.#refuseInStep("step");
    this.#open = { name, seq: this.#next };
    return this.#reach({ fault: "before-step" });
  }

  /** `step`'s end: journal `result` (JSON already) with the snapshot. */
  commitStep(result: Json): Suspend {
    const open = this.#open;
    if (open === undefined) {
      throw new LoxRuntimeError("__stepCommit: no step is running.");
    }
    this.#open = undefined;
    return this.#reach({
      fault: "after-effect",
      commit: { step: { seq: open.seq, name: open.name, result } },
    });
  }

  /** `idempotencyKey()`: `workflowId:stepNumber` of the step running now. */
  idempotencyKey(): string {
    const open = this.#open;
    if (open === undefined) {
      throw new LoxRuntimeError(
        "idempotencyKey: there is no key outside a step; call it in a step's function.",
      );
    }
    return `${this.id}:${open.seq}`;
  }

  /**
   * A durable sleep until `wakeAt`: journaled, then parked (if it is in the future)
   * in one commit; a restored fiber sleeps only what is left.
   */
  sleep(wakeAt: number): Suspend {
    this.#refuseInStep("sleep");
    const now = this.now();
    return this.#reach({
      commit: {
        step: { seq: this.#next, name: "sleep", result: wakeAt },
        ...(wakeAt > now ? { park: { wakeAt, waitingFor: null } } : {}),
      },
    }, wakeAt);
  }

  /**
   * True once a signal `name` is here to consume; otherwise the workflow parks until
   * one comes (and the fiber, restored, asks again).
   */
  signalHeld(name: string): true | Suspend {
    this.#refuseInStep("waitSignal");
    if (this.#held?.name === name) return true;
    const found = this.#activation.store.nextSignal(this.id, name);
    if (found !== undefined) {
      this.#held = found;
      return true;
    }
    return this.#reach({
      commit: { park: { wakeAt: null, waitingFor: name } },
    });
  }

  /** The held signal's value. */
  signalValue(): Json {
    return this.#heldSignal("__signalValue").value;
  }

  /** Consume the held signal, journaled as `signal:NAME` with its value. */
  commitSignal(): Suspend {
    const held = this.#heldSignal("__signalCommit");
    this.#held = undefined;
    return this.#reach({
      commit: {
        step: {
          seq: this.#next,
          name: `signal:${held.name}`,
          result: held.value,
        },
        consumed: held.seq,
      },
    });
  }

  /** The state's value of `key`: a held `put`, else the store's. */
  get(key: string): Json | undefined {
    if (this.writes.has(key)) return this.writes.get(key);
    return this.#activation.store.read(this.id, key);
  }

  /** Hold a `put` for the next durable point. */
  put(key: string, value: Json): void {
    this.writes.set(key, value);
  }

  /** The point the fiber waits at, if it reached one the driver has not taken. */
  takePoint(): DurablePoint | undefined {
    const point = this.#point;
    this.#point = undefined;
    return point;
  }

  /** `commit` is in the store: number the next entry, forget the `put`s it wrote. */
  committed(commit: PointCommit): void {
    if (commit.step !== undefined) this.#next = commit.step.seq + 1;
    this.writes.clear();
  }

  /**
   * Stop the fiber at a point for the driver. The wait says "sleep" so that
   * `captureFiber` accepts the fiber: restored, it sleeps until `until` (now, unless
   * given), then resumes the native's call with nil.
   */
  #reach(point: Omit<DurablePoint, "gate">, until = this.now()): Suspend {
    const gate = new Gate();
    this.#point = { ...point, gate };
    return new Suspend(
      new NativeWait({ type: "sleep", until }, gate, (outcome) => {
        if (!outcome.ok) throw outcome.error;
        return null;
      }),
    );
  }

  #heldSignal(native: string): SignalRecord {
    const held = this.#held;
    if (held === undefined) {
      throw new LoxRuntimeError(`${native}: no signal is held.`);
    }
    return held;
  }

  /** A durable point inside a step's function would commit the step half done. */
  #refuseInStep(native: string): void {
    const open = this.#open;
    if (open !== undefined) {
      throw new LoxRuntimeError(
        `${native}: cannot be called inside step "${open.name}"'s function: a step's function must not reach a durable point.`,
      );
    }
  }
}

/** Lox values a journal or the state keeps as they are: nil, booleans, numbers, strings. */
export function isPlain(
  value: Value,
): value is null | boolean | number | string {
  return value === null || typeof value === "boolean" ||
    typeof value === "string" ||
    (typeof value === "number" && Number.isFinite(value));
}
