/**
 * The two ways a Lox program fails: it does not compile (exit 65), or it stops with a
 * runtime error (exit 70). Both carry exactly the lines clox prints.
 *
 * @module
 */

import type { Token } from "./token.ts";

/** One compile error, reported as `[line N] Error at 'x': message`. */
export class CompileError extends Error {
  override readonly name = "CompileError";
  /** The line clox reports. */
  readonly line: number;
  /** Where in the source it happened; errors are reported in this order. */
  readonly offset: number;
  /** The whole report line, without its newline. */
  readonly report: string;

  /** An error found at `token` (an ERROR token carries its own message). */
  constructor(token: Token, message: string) {
    super(message);
    this.line = token.line;
    this.offset = token.offset;
    let where: string;
    if (token.type === "EOF") where = " at end";
    else if (token.type === "ERROR") where = "";
    else where = ` at '${token.lexeme}'`;
    this.report = `[line ${token.line}] Error${where}: ${message}`;
  }
}

/** Compile errors in source order (parser and resolver find them in separate passes). */
export function sortErrors(errors: readonly CompileError[]): CompileError[] {
  // Array sort is stable, so errors at one token keep the order they were found in.
  return [...errors].sort((a, b) => a.offset - b.offset);
}

/**
 * A runtime error: the message, and the trace clox prints under it, innermost frame
 * first (`[line 3] in fib()`, then `[line 7] in script`). A native throws it with just
 * a message; the VM adds the trace.
 */
export class LoxRuntimeError extends Error {
  override readonly name = "LoxRuntimeError";
  /** One line per call frame, innermost first, without newlines. */
  readonly trace: readonly string[];

  /** @param message the text clox prints, e.g. `Operand must be a number.` */
  constructor(message: string, trace: readonly string[] = []) {
    super(message);
    this.trace = trace;
  }

  /** The message and trace, each line ending in a newline, as stderr shows them. */
  get report(): string {
    return [this.message, ...this.trace].map((line) => line + "\n").join("");
  }
}

/**
 * A broken invariant of this implementation (an unresolved name reaching the
 * compiler, an unknown opcode): a bug in Bounce, never a mistake in a Lox program.
 */
export class LoxInternalError extends Error {
  override readonly name = "LoxInternalError";
}
