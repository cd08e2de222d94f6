/**
 * What the fiber layer's tests share: run Lox source and keep what it wrote, or
 * load it on a runtime the test made itself, to look at the runtime afterwards.
 *
 * @module
 */

import { VirtualClock } from "../../lessons/05-timers/clock.ts";
import { compile } from "../../lessons/12-lox-compiler/compiler.ts";
import { type LoxRunOptions, runLox } from "./interpret.ts";
import type { FiberSnapshot } from "../../lessons/14-lox-fibers/snapshot.ts";
import {
  loadScript,
  resumeScript,
  type Script,
  type ScriptOptions,
  scriptRuntime,
} from "../../lessons/14-lox-fibers/script.ts";

/** What a program wrote, and its exit code. */
export interface Ran {
  readonly stdout: string;
  readonly stderr: string;
  readonly code: number;
}

/** Run `source` with `runLox` (virtual clock unless told), capturing its output. */
export async function runCaptured(
  source: string,
  options: LoxRunOptions = {},
): Promise<Ran> {
  let stdout = "";
  let stderr = "";
  const code = await runLox(source, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  }, options);
  return { stdout, stderr, code };
}

/** A script loaded on a fresh runtime with a virtual clock, not yet run. */
export interface Loaded extends Script {
  /** The virtual clock of its runtime. */
  readonly clock: VirtualClock;
  /** What it has printed so far. */
  readonly out: string[];
}

/** Compile `source` (it must compile) and load it on a runtime with a virtual clock. */
export function loadCaptured(
  source: string,
  options: Omit<ScriptOptions, "clock"> = {},
): Loaded {
  const compiled = compile(source);
  if ("errors" in compiled) {
    throw new Error(compiled.errors.map((e) => e.report).join("\n"));
  }
  const clock = new VirtualClock();
  const out: string[] = [];
  const script = loadScript(scriptRuntime(clock), compiled.fn, {
    stdout: (text) => out.push(text),
    stderr: (text) => out.push(text),
  }, options);
  return { ...script, clock, out };
}

/** A fiber saved by `captureFiber`, resumed on a fresh runtime with a virtual clock. */
export function resumeCaptured(
  snapshot: FiberSnapshot,
  options: Omit<ScriptOptions, "clock"> = {},
): Loaded {
  const clock = new VirtualClock();
  const out: string[] = [];
  const script = resumeScript(scriptRuntime(clock), snapshot, {
    stdout: (text) => out.push(text),
    stderr: (text) => out.push(text),
  }, options);
  return { ...script, clock, out };
}
