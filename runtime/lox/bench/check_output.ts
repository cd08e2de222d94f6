/**
 * Running a benchmark program and checking what it printed: every timed run must print
 * exactly the checksums of its JavaScript twin, or the timing means nothing.
 *
 * @module
 */

import type { LoxIo } from "../interpret.ts";
import { formatNumber } from "../../../lessons/12-lox-compiler/value.ts";
import type { BenchProgram } from "./programs.ts";

/** A whole-program runner: `runLox` (the VM) or `runTreeWalker`. */
export type LoxRunner = (
  source: string,
  io: LoxIo,
  options?: { clock?: "virtual" | "system"; budget?: number },
) => Promise<number>;

/** Thrown when a run prints something other than its twin's checksums. */
export class WrongOutputError extends Error {
  constructor(label: string, expected: string, got: string) {
    super(
      `${label} printed ${
        JSON.stringify(got)
      }; its JavaScript twin's checksums are ${JSON.stringify(expected)}`,
    );
    this.name = "WrongOutputError";
  }
}

/** What a Lox program prints for these numbers: one `print` line each. */
export function printed(numbers: readonly number[]): string {
  return numbers.map((n) => formatNumber(n) + "\n").join("");
}

/** The twin's output for `size`, as the Lox program would print it. */
export function twinOutput(program: BenchProgram, size: number): string {
  return printed(program.twin(size));
}

/**
 * Run `source` with `run` and check it printed `expected` and exited with 0; `label`
 * names the run in the error.
 */
export async function runChecked(
  run: LoxRunner,
  source: string,
  expected: string,
  label: string,
  budget?: number,
): Promise<void> {
  let stdout = "";
  let stderr = "";
  const code = await run(source, {
    stdout: (text) => stdout += text,
    stderr: (text) => stderr += text,
  }, budget === undefined ? {} : { budget });
  if (code !== 0 || stdout !== expected) {
    throw new WrongOutputError(
      `${label} (exit ${code})`,
      expected,
      stdout + stderr,
    );
  }
}
