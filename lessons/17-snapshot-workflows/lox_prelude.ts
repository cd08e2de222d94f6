/**
 * The part of a Lox workflow's natives written in Lox. A native cannot call a Lox
 * function (`step` must call `fn`), and a value a durable point hands back must be in
 * a variable before the snapshot is taken: a fiber restored from that snapshot
 * resumes the native's call with nil, and finds the value in its variable. So `step`
 * and `waitSignal` are Lox functions over private natives (lox_natives.ts), compiled
 * into the workflow's program before the script; being globals, they are saved with
 * every snapshot like the script's own functions.
 *
 * @module
 */

import { compile } from "../12-lox-compiler/compiler.ts";
import type { LoxFunction } from "../12-lox-compiler/value.ts";

/** The prelude's source. The `__` natives are lox_natives.ts's. */
export const PRELUDE = `
fun step(name, fn) {
  __stepStart(name, fn);
  var result = fn();
  __stepCommit(result);
  return result;
}

fun waitSignal(name) {
  while (!__signalHeld(name)) {}
  var value = __signalValue();
  __signalCommit();
  return value;
}
`;

/**
 * Where the prelude's code is, in a trace: line 0, which no script has, so that a
 * failure's report can leave out the prelude's frames (the script did not write
 * them) with {@linkcode withoutPrelude}.
 */
const PRELUDE_LINE = 0;

/** The prelude compiled: running it defines `step` and `waitSignal`. */
export function compilePrelude(): LoxFunction {
  const compiled = compile(PRELUDE);
  if ("errors" in compiled) {
    // Only an edit of PRELUDE above can cause this.
    throw new Error(
      `The workflow prelude does not compile: ${
        compiled.errors.map((e) => e.report).join("; ")
      }`,
    );
  }
  for (const value of compiled.fn.chunk.constants) {
    if (typeof value === "object" && value?.kind === "function") {
      value.chunk.lines.fill(PRELUDE_LINE);
    }
  }
  return compiled.fn;
}

/** A runtime error's report, without the trace lines of the prelude's frames. */
export function withoutPrelude(report: string): string {
  return report.split("\n")
    .filter((line) => !line.startsWith(`[line ${PRELUDE_LINE}] in `))
    .join("\n");
}
