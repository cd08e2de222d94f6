/**
 * `runLox`: compile a program and run it to the end, writing what it prints. The
 * script runs as the main fiber of a fresh runtime (script.ts), so its natives can
 * sleep, spawn, use channels and TCP, and it takes turns with the fibers it spawns.
 *
 * @module
 */

import { compile } from "../../lessons/12-lox-compiler/compiler.ts";
import {
  clockFor,
  type LoxIo,
  runScript,
} from "../../lessons/14-lox-fibers/script.ts";

export type { LoxIo };
import type { Value } from "../../lessons/12-lox-compiler/value.ts";

/** How to run a program. */
export interface LoxRunOptions {
  /**
   * The runtime's clock: "virtual" (default: it starts at 0, jumps to the next timer
   * when every fiber waits, and each slice a fiber computes through moves it on; see
   * runtime/lox/README.md) or "system" (real time).
   */
  clock?: "virtual" | "system";
  /** Instructions per slice: a fiber's turn (default: fiber.ts's DEFAULT_BUDGET). */
  budget?: number;
  /** Copy the whole program state with structuredClone every K instructions and carry
   * on from the copy: the same output proves the state is plain data. */
  snapshotEvery?: number;
  /** Use superinstructions (default true); false runs exactly clox's code. */
  optimize?: boolean;
  /**
   * Stop the program, as a runtime error with a trace, once its fibers have
   * computed (run without waiting) this many milliseconds in total; no limit if not
   * given. `deno task run` sets it, so a loop that never waits ends.
   */
  computeLimitMs?: number;
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
  return runCompiled(source, io, options);
}

async function runCompiled(
  source: string,
  io: LoxIo,
  options: LoxRunOptions,
  globals?: Map<string, Value>,
  handleIds?: { last: number },
): Promise<number> {
  const compiled = compile(source, { optimize: options.optimize ?? true });
  if ("errors" in compiled) {
    for (const error of compiled.errors) io.stderr(error.report + "\n");
    return EXIT_COMPILE_ERROR;
  }
  const code = await runScript(compiled.fn, io, {
    clock: clockFor(options.clock),
    budget: options.budget,
    snapshotEvery: options.snapshotEvery,
    computeLimitMs: options.computeLimitMs,
    globals,
    handleIds,
  });
  return code === 0 ? EXIT_OK : EXIT_RUNTIME_ERROR;
}

/**
 * A REPL's program: each line is compiled and run on a fresh runtime as a program
 * of its own, but the globals (variables, functions, classes) carry over from line
 * to line. Tasks, channels and sockets belong to the line that made them, and end
 * with it.
 *
 * @example
 * ```ts
 * const session = new LoxSession({ stdout: console.log, stderr: console.error });
 * await session.run("var a = 1;");
 * await session.run("print a + 1;"); // 2
 * ```
 */
export class LoxSession {
  readonly #globals = new Map<string, Value>();
  // Handle ids go on from line to line, so that a handle kept in a global from an
  // earlier line is closed, not a name for a later line's channel.
  readonly #handleIds = { last: 0 };
  readonly #io: LoxIo;
  readonly #options: LoxRunOptions;

  /**
   * @param io where the lines' output goes.
   * @param options how each line runs, as for {@linkcode runLox}.
   */
  constructor(io: LoxIo, options: LoxRunOptions = {}) {
    this.#io = io;
    this.#options = options;
  }

  /** Run one line (or several); resolves with its exit code, as `runLox` does. */
  run(source: string): Promise<number> {
    return runCompiled(
      source,
      this.#io,
      this.#options,
      this.#globals,
      this.#handleIds,
    );
  }
}
