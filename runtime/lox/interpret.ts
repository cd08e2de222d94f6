/**
 * `runLox`: compile a program and run it to the end, writing what it prints. This
 * first version runs the VM directly, in slices, on the caller's turn; the fiber
 * layer replaces the body so a program runs as a task on the course's runtime.
 *
 * @module
 */

import { compile } from "./compiler.ts";
import { LoxInternalError } from "./errors.ts";
import {
  type Fiber,
  newProgram,
  type Program,
  runFiber,
  scriptFiber,
  standardNatives,
} from "./vm.ts";

/** Where a program's output goes; each text includes its newline. */
export interface LoxIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** How to run a program. */
export interface LoxRunOptions {
  /** `clock()`'s source: "virtual" (default; it reads 0) or "system" (seconds). */
  clock?: "virtual" | "system";
  /** Instructions per slice (default: unlimited). */
  budget?: number;
  /** Copy the whole program state with structuredClone every K instructions and carry
   * on from the copy: the same output proves the state is plain data. */
  snapshotEvery?: number;
  /** Use superinstructions (default true); false runs exactly clox's code. */
  optimize?: boolean;
}

/** Exit codes, as clox's `main` uses them. */
export const EXIT_OK = 0;
/** The program did not compile. */
export const EXIT_COMPILE_ERROR = 65;
/** The program stopped with a runtime error. */
export const EXIT_RUNTIME_ERROR = 70;

/**
 * Run a whole Lox program; resolves with its exit code (0, 65 or 70).
 *
 * @example
 * ```ts
 * const out: string[] = [];
 * const code = await runLox('print "hi";', {
 *   stdout: (t) => out.push(t),
 *   stderr: (t) => out.push(t),
 * });
 * // code === 0, out = ["hi\n"]
 * ```
 */
export function runLox(
  source: string,
  io: LoxIo,
  options: LoxRunOptions = {},
): Promise<number> {
  const compiled = compile(source, { optimize: options.optimize ?? true });
  if ("errors" in compiled) {
    for (const error of compiled.errors) io.stderr(error.report + "\n");
    return Promise.resolve(EXIT_COMPILE_ERROR);
  }
  const now = options.clock === "system"
    ? () => performance.now() / 1000
    : () => 0;
  let program = newProgram(standardNatives(now), (text) => io.stdout(text));
  let fiber = scriptFiber(program, compiled.fn);
  const slice = options.snapshotEvery ?? options.budget ?? Infinity;
  for (;;) {
    const step = runFiber(program, fiber, slice);
    switch (step.type) {
      case "done":
        return Promise.resolve(EXIT_OK);
      case "error":
        io.stderr(step.error.report);
        return Promise.resolve(EXIT_RUNTIME_ERROR);
      case "wait":
        throw new LoxInternalError(
          "runLox: no native here waits; the fiber layer runs those",
        );
      case "budget":
        if (options.snapshotEvery !== undefined) {
          [program, fiber] = roundTrip(program, fiber);
        }
    }
  }
}

/** Copy the program's state and a fiber together, so shared objects stay shared. */
function roundTrip(program: Program, fiber: Fiber): [Program, Fiber] {
  // Slots above sp are dead (the VM only ever writes there), so drop them first.
  fiber.stack.length = fiber.sp;
  const copy = structuredClone({ globals: program.globals, fiber });
  return [{ ...program, globals: copy.globals }, copy.fiber];
}
