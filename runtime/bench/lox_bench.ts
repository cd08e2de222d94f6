/**
 * Lox's speed: each benchmark program of runtime/lox/bench/ run by the bytecode VM
 * (through `runLox`) and by the tree-walker, against the same algorithm written in
 * plain JavaScript — the physical limit here, and the baseline of each group. Goals
 * (issue 11): recursive fib within 12× of plain JS, no program past 25×.
 *
 * Every timed run checks that it printed its twin's checksums. fib runs at 30 here, to
 * keep each iteration short; `deno run runtime/lox/bench/once.ts fib 35` times fib(35).
 *
 * @module
 */

import { runLox } from "../lox/interpret.ts";
import {
  type LoxRunner,
  runChecked,
  twinOutput,
  WrongOutputError,
} from "../lox/bench/check_output.ts";
import { benchProgram, PROGRAMS } from "../lox/bench/programs.ts";
import { runTreeWalker } from "../lox/tree_walker.ts";

/** The interpreters measured against each twin. */
const RUNNERS: readonly { readonly label: string; readonly run: LoxRunner }[] =
  [
    { label: "vm", run: runLox },
    { label: "tree-walker", run: runTreeWalker },
  ];

for (const program of PROGRAMS) {
  const expected = twinOutput(program, program.size);
  Deno.bench({
    name: `js: ${program.name}`,
    group: `lox ${program.name}`,
    baseline: true,
    n: 50,
    warmup: 10,
    fn() {
      // Comparing the result keeps it alive, so the work cannot be optimised away.
      const output = twinOutput(program, program.size);
      if (output !== expected) {
        throw new WrongOutputError(`js ${program.name}`, expected, output);
      }
    },
  });
  for (const { label, run } of RUNNERS) {
    Deno.bench({
      name: `${label}: ${program.name}`,
      group: `lox ${program.name}`,
      n: 5,
      warmup: 1,
      async fn() {
        await runChecked(
          run,
          program.source,
          expected,
          `${label} ${program.name}`,
        );
      },
    });
  }
}

const fib = benchProgram("fib");
const fibExpected = twinOutput(fib, fib.size);
// The price of preemption: the same fib, sliced into budgets of instructions (the
// default: each slice ends with the fiber waking itself and going back to the
// scheduler) or run unbounded. Goal: at most 5% slower.
Deno.bench({
  name: "vm: fib, default budget",
  group: "lox budget",
  baseline: true,
  n: 5,
  warmup: 1,
  async fn() {
    await runChecked(runLox, fib.source, fibExpected, "vm fib, default budget");
  },
});

Deno.bench({
  name: "vm: fib, budget: Infinity",
  group: "lox budget",
  n: 5,
  warmup: 1,
  async fn() {
    await runChecked(
      runLox,
      fib.source,
      fibExpected,
      "vm fib, unbounded",
      Infinity,
    );
  },
});
