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

import { compile } from "../../lessons/12-lox-compiler/compiler.ts";
import type { LoxFunction } from "../../lessons/12-lox-compiler/value.ts";

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
  return compiled.fn;
}
