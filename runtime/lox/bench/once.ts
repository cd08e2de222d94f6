/**
 * Time benchmark programs at any size on plain JavaScript, the VM and the tree-walker,
 * and print each time and its ratio to JavaScript's — for sizes too slow for
 * `deno bench` iterations, such as fib(35). Each is warmed up first by one run at the
 * program's own size; every timed run checks its output against the twin's. With RUNS,
 * each is timed that many times, the three taking turns, and the fastest run counts:
 * on a shared machine the fastest is the one the least disturbed.
 *
 *     deno run runtime/lox/bench/once.ts fib 35 3
 *     deno run runtime/lox/bench/once.ts            (every program at its own size)
 *
 * @module
 */

import { runLox } from "../interpret.ts";
import { runTreeWalker } from "../tree_walker.ts";
import {
  type LoxRunner,
  runChecked,
  twinOutput,
  WrongOutputError,
} from "./check_output.ts";
import { type BenchProgram, PROGRAMS, withSize } from "./programs.ts";

const USAGE =
  "Usage: deno run runtime/lox/bench/once.ts [PROGRAM [SIZE [RUNS]]]\n" +
  "Programs: " + PROGRAMS.map((p) => p.name).join(", ");

/** The times of one program, in milliseconds. */
interface Times {
  js: number;
  vm: number;
  walker: number;
}

async function timed(work: () => unknown): Promise<number> {
  const start = performance.now();
  await work();
  return performance.now() - start;
}

async function timeProgram(
  program: BenchProgram,
  size: number,
  runs: number,
): Promise<Times> {
  const expected = twinOutput(program, size);
  const source = withSize(program, size);
  const js = () => {
    const output = twinOutput(program, size);
    if (output !== expected) {
      throw new WrongOutputError(`js ${program.name}`, expected, output);
    }
  };
  const lox = (run: LoxRunner, label: string) => () =>
    runChecked(run, source, expected, `${label} ${program.name}`);
  // Warm up each at the program's own size.
  const ownSize = twinOutput(program, program.size);
  await runChecked(runLox, program.source, ownSize, `vm ${program.name}`);
  await runChecked(runTreeWalker, program.source, ownSize, "tree-walker");
  const best: Times = { js: Infinity, vm: Infinity, walker: Infinity };
  for (let i = 0; i < runs; i++) {
    best.js = Math.min(best.js, await timed(js));
    best.vm = Math.min(best.vm, await timed(lox(runLox, "vm")));
    best.walker = Math.min(
      best.walker,
      await timed(lox(runTreeWalker, "tree-walker")),
    );
  }
  return best;
}

function row(name: string, times: Times): string {
  const ms = (t: number, width: number) => `${t.toFixed(1)} ms`.padStart(width);
  const ratio = (t: number) => `${(t / times.js).toFixed(1)}×`.padStart(8);
  return name.padEnd(24) + ms(times.js, 11) + ms(times.vm, 11) +
    ratio(times.vm) + ms(times.walker, 13) + ratio(times.walker);
}

/** A whole number at least 1, or undefined when `text` is not one. */
function positive(text: string): number | undefined {
  if (!/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 ? n : undefined;
}

async function main(args: string[]): Promise<number> {
  if (args.length > 3) {
    console.error(USAGE);
    return 64;
  }
  const [name, sizeText, runsText] = args;
  const chosen = name === undefined
    ? PROGRAMS
    : PROGRAMS.filter((p) => p.name === name);
  if (chosen.length === 0) {
    console.error(`No benchmark program "${name}".\n${USAGE}`);
    return 64;
  }
  const size = sizeText === undefined ? undefined : positive(sizeText);
  const runs = runsText === undefined ? 1 : positive(runsText);
  if ((sizeText !== undefined && size === undefined) || runs === undefined) {
    console.error(`SIZE and RUNS must be whole numbers from 1.\n${USAGE}`);
    return 64;
  }
  console.log(
    "program".padEnd(24) + "js".padStart(11) + "vm".padStart(11) +
      "vm/js".padStart(8) + "tree-walker".padStart(13) + "tw/js".padStart(8),
  );
  for (const program of chosen) {
    const n = size ?? program.size;
    try {
      console.log(
        row(`${program.name}(${n})`, await timeProgram(program, n, runs)),
      );
    } catch (error) {
      if (!(error instanceof WrongOutputError)) throw error;
      console.error(error.message);
      return 1;
    }
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
