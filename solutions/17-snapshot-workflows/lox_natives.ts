/**
 * The natives of a Lox workflow: the language's own (lesson 14: `clock`, `spawn`,
 * channels, TCP…) with `sleep` made durable, and `get`, `put`, `now`,
 * `idempotencyKey`, plus the private `__` natives under the prelude's `step` and
 * `waitSignal` (lox_prelude.ts). What each does is in snapshot.ts's comment.
 *
 * @module
 */

import { printValue, type Value } from "../../lessons/12-lox-compiler/value.ts";
import { LoxRuntimeError } from "../../lessons/10-lox-parser/errors.ts";
import type {
  NativeFn,
  NativeTable,
  Suspend,
} from "../../lessons/13-lox-vm/vm.ts";
import type { Fiber } from "../../lessons/14-lox-fibers/fiber.ts";
import type { Host } from "../../lessons/14-lox-fibers/host.ts";
import { loxNatives } from "../../lessons/14-lox-fibers/natives.ts";
import { isPlain, type LoxJournal } from "./lox_journal.ts";
import type { Json } from "../../lessons/15-durable-store/store.ts";

/** Who may reach a durable point: the workflow's main fiber, once it exists. */
export interface MainFiber {
  main: Fiber | undefined;
}

/** The natives of a workflow whose program lives in `host`, journaled in `journal`. */
export function workflowNatives(
  host: Host,
  journal: LoxJournal,
  workflow: MainFiber,
): NativeTable {
  /** A durable native: refused in a spawned task, whose state no snapshot holds. */
  const durable = (name: string, fn: NativeFn): NativeFn => (args, call) => {
    if (host.current === undefined || host.current !== workflow.main) {
      throw new LoxRuntimeError(
        `${name}: only the workflow's main fiber can do this, not a spawned task (a snapshot saves the main fiber alone).`,
      );
    }
    return fn(args, call);
  };
  const natives: Record<string, [number, NativeFn]> = {
    sleep: [1, durable("sleep", ([ms]) => sleep(journal, ms))],
    now: [0, () => journal.now()],
    get: [1, ([key]) => fromJson(journal.get(stateKey("get", key)))],
    put: [2, ([key, value]) => put(journal, key, value)],
    idempotencyKey: [0, () => journal.idempotencyKey()],
    __stepStart: [
      2,
      durable("step", ([name, fn]) => journal.startStep(stepName(name, fn))),
    ],
    __stepCommit: [
      1,
      durable("step", ([result]) => journal.commitStep(journalValue(result))),
    ],
    __signalHeld: [
      1,
      durable("waitSignal", ([name]) => journal.signalHeld(signalName(name))),
    ],
    __signalValue: [0, () => fromJson(journal.signalValue())],
    __signalCommit: [0, durable("waitSignal", () => journal.commitSignal())],
  };
  const table = new Map(loxNatives(host));
  for (const [name, [arity, fn]] of Object.entries(natives)) {
    table.set(name, { arity, fn });
  }
  return table;
}

/**
 * A value as the journal records it: nil, booleans, numbers and strings as they
 * are, anything else as `print` shows it (the snapshot holds the value itself).
 */
export function journalValue(value: Value): Json {
  return isPlain(value) ? value : printValue(value);
}

/** A state or signal value as Lox sees it: JSON that is not plain becomes its text. */
function fromJson(value: Json | undefined): Value {
  if (value === undefined) return null;
  if (value === null || typeof value !== "object") return value;
  return JSON.stringify(value);
}

function sleep(journal: LoxJournal, ms: Value): Suspend {
  if (typeof ms !== "number" || !(ms >= 0) || !Number.isFinite(ms)) {
    throw new LoxRuntimeError(
      `sleep: expected a number of milliseconds (0 or more), got ${show(ms)}.`,
    );
  }
  return journal.sleep(journal.now() + ms);
}

function put(journal: LoxJournal, key: Value, value: Value): null {
  const name = stateKey("put", key);
  if (!isPlain(value)) {
    throw new LoxRuntimeError(
      `put: the state keeps nil, booleans, finite numbers and strings, not ${
        show(value)
      }.`,
    );
  }
  journal.put(name, value);
  return null;
}

function stateKey(native: string, key: Value): string {
  if (typeof key !== "string") {
    throw new LoxRuntimeError(
      `${native}: expected a key (a string), got ${show(key)}.`,
    );
  }
  return key;
}

/** `step`'s name, once its arguments are checked. */
function stepName(name: Value, fn: Value): string {
  if (typeof name !== "string" || name === "") {
    throw new LoxRuntimeError(
      `step: expected a name (a non-empty string), got ${show(name)}.`,
    );
  }
  if (
    fn === null || typeof fn !== "object" || fn.kind !== "closure" ||
    fn.fn.arity !== 0
  ) {
    throw new LoxRuntimeError(
      `step: expected a function with no parameters, got ${show(fn)}.`,
    );
  }
  return name;
}

function signalName(name: Value): string {
  if (typeof name !== "string" || name === "") {
    throw new LoxRuntimeError(
      `waitSignal: expected a signal name (a non-empty string), got ${
        show(name)
      }.`,
    );
  }
  return name;
}

/** A value as a message shows it: strings in quotes, the rest as `print` would. */
function show(value: Value): string {
  return typeof value === "string" ? JSON.stringify(value) : printValue(value);
}
