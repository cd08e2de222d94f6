/**
 * Running a compiled script: the script is the main fiber of a fresh runtime, its
 * natives reach that runtime through a {@linkcode Host}, and how it ends becomes
 * clox's exit code: 0, or 70 after a runtime error (its message and trace on
 * stderr). `runLox` (interpret.ts) compiles, then calls {@linkcode runScript}.
 *
 * The runtime is set up for fibers: round robin, one poll per turn, woken tasks
 * first (fiber_policy.ts), and a look at timers and IO after every poll, so a fiber
 * that computes without waiting delays a timer by less than one slice.
 *
 * @module
 */

import {
  type Clock,
  SystemClock,
  VirtualClock,
} from "../../lessons/05-timers/clock.ts";
import { DeadlockError } from "../../lessons/contract/errors.ts";
import { Runtime } from "../../runtime/run.ts";
import { LoxRuntimeError } from "../../lessons/10-lox-parser/errors.ts";
import { Fiber, type FiberOptions } from "./fiber.ts";
import { WokenFirstPolicy } from "./fiber_policy.ts";
import { Host } from "./host.ts";
import { loxNatives, sleepUntil } from "./natives.ts";
import { type FiberSnapshot, restoreFiber } from "./snapshot.ts";
import {
  type LoxFunction,
  newClosure,
  type Value,
} from "../../lessons/12-lox-compiler/value.ts";
import {
  newFiber,
  newProgram,
  type Program,
  traceOf,
} from "../../lessons/13-lox-vm/vm.ts";

/** Where a program's output goes; each text includes its newline. */
export interface LoxIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/**
 * On a virtual clock, computing costs time too: this many instructions move it on
 * by one millisecond. Without it, a fiber that never waits would freeze time for
 * every other fiber, since a virtual clock moves only when every task waits.
 */
export const INSTRUCTIONS_PER_VIRTUAL_MS = 10_000;

/** How to run a script. */
export interface ScriptOptions extends Omit<FiberOptions, "parent"> {
  /** Where time comes from; a fresh `VirtualClock` if not given. */
  readonly clock?: Clock;
  /**
   * Stop the program once its fibers have computed (run without waiting) this many
   * milliseconds of real time, in total; no limit if not given.
   */
  readonly computeLimitMs?: number;
  /** The program's globals, if they are to outlive it (a REPL's, line after line). */
  readonly globals?: Map<string, Value>;
  /**
   * The last handle id given, carried from program to program with `globals` (a
   * REPL's lines): ids go on from it, and it is updated at the end. A handle an
   * earlier line left in a global then names nothing, not a later line's resource.
   */
  readonly handleIds?: { last: number };
}

/** A script made ready to run: the program, its host table and its main fiber. */
export interface Script {
  /** The runtime it runs on. */
  readonly runtime: Runtime;
  /** The host table of its resources. */
  readonly host: Host;
  /** Its globals. */
  readonly program: Program;
  /** The fiber that runs the script's top level. */
  readonly main: Fiber;
}

/**
 * Make `fn` (a compiled script) the main fiber of a program on `runtime`, whose
 * natives use that runtime. Nothing runs until the fiber is polled (`runtime.run`).
 */
export function loadScript(
  runtime: Runtime,
  fn: LoxFunction,
  io: LoxIo,
  options: Omit<ScriptOptions, "clock"> = {},
): Script {
  const host = newHost(runtime, options, (error) => main.interrupt(error));
  if (options.handleIds !== undefined) host.reserveIds(options.handleIds.last);
  const program = newProgram(
    loxNatives(host),
    (text) => io.stdout(text),
    options.globals,
  );
  const main: Fiber = new Fiber(
    program,
    newFiber(program, newClosure(fn), []),
    host,
    options,
  );
  return { runtime, host, program, main };
}

/**
 * Go on with a fiber saved by `captureFiber`, as the main fiber of a new program on
 * `runtime`: the snapshot's globals, its stack and frames, and its sleep if it was
 * sleeping. Nothing runs until the fiber is polled.
 */
export function resumeScript(
  runtime: Runtime,
  snapshot: FiberSnapshot,
  io: LoxIo,
  options: Omit<ScriptOptions, "clock"> = {},
): Script {
  const host = newHost(runtime, options, (error) => main.interrupt(error));
  if (options.handleIds !== undefined) host.reserveIds(options.handleIds.last);
  const program = newProgram(loxNatives(host), (text) => io.stdout(text));
  const main: Fiber = restoreFiber(snapshot, program, host, {
    ...options,
    sleepUntil: (until) => sleepUntil(host, until),
  });
  return { runtime, host, program, main };
}

/**
 * The host of a program on `runtime`: on a virtual clock, computing takes time.
 * Past the computing limit, the fiber that crossed it ends with its error, and
 * `stopMain` stops the main fiber with it too, so the whole program ends, wherever
 * the main fiber waits.
 */
function newHost(
  runtime: Runtime,
  options: Omit<ScriptOptions, "clock">,
  stopMain: (error: LoxRuntimeError) => void,
): Host {
  const clock = runtime.loop.clock;
  return new Host(runtime, {
    compute: clock instanceof VirtualClock
      ? (n) => clock.advance(n / INSTRUCTIONS_PER_VIRTUAL_MS)
      : undefined,
    computeLimitMs: options.computeLimitMs,
    onOverLimit: stopMain,
  });
}

/** The runtime a script runs on: fibers take turns a slice at a time. */
export function scriptRuntime(clock: Clock): Runtime {
  return new Runtime({ clock, policy: new WokenFirstPolicy(), budget: 1 });
}

/**
 * Run `fn` as the main fiber of a fresh runtime until it ends; resolve with the exit
 * code. The program ends with the main fiber: tasks still running are cancelled, and
 * every connection and listener still open is closed.
 */
export async function runScript(
  fn: LoxFunction,
  io: LoxIo,
  options: ScriptOptions = {},
): Promise<number> {
  const runtime = scriptRuntime(options.clock ?? new VirtualClock());
  const script = loadScript(runtime, fn, io, options);
  try {
    await runtime.run(script.main);
    return 0;
  } catch (error) {
    const report = reportOf(script, error);
    if (report === undefined) throw error;
    io.stderr(report);
    return 70;
  } finally {
    script.main.cancel();
    script.host.closeAll();
    if (options.handleIds !== undefined) {
      options.handleIds.last = script.host.lastId;
    }
  }
}

/** A failure as stderr shows it, or `undefined` if it is not the program's fault. */
export function reportOf(script: Script, error: unknown): string | undefined {
  if (error instanceof LoxRuntimeError) return error.report;
  if (error instanceof DeadlockError) {
    const trace = traceOf(script.main.state);
    return [
      "Deadlock: every fiber is waiting, and nothing can wake one.",
      ...trace,
    ].map((line) => `${line}\n`).join("");
  }
  return undefined;
}

/** The clock `runLox` uses for `clock: "system"` or `"virtual"`. */
export function clockFor(kind: "system" | "virtual" | undefined): Clock {
  return kind === "system" ? new SystemClock() : new VirtualClock();
}
