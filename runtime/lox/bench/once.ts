/**
 * Time one benchmark program once, at any size, on plain JavaScript, the VM and the
 * tree-walker, and print each time and its ratio to JavaScript's — for sizes too slow
 * for `deno bench` iterations, such as fib(35). Each is warmed up first by one run at
 * the program's own size; each timed run checks its output against the twin's.
 *
 *     deno run runtime/lox/bench/once.ts fib 35
 *     deno run runtime/lox/bench/once.ts            (every program at its own size)
 *
 * @module
 */

import { runLox } from "../interpret.ts";
import { runTreeWalker } from "../tree_walker.ts";
import { type LoxRunner, runChecked, twinOutput } from "./check_output.ts";
import { type BenchProgram, PROGRAMS, withSize } from "./programs.ts";

const USAGE =
  "Usage: deno run runtime/lox/bench/once.ts [PROGRAM [SIZE]]\nPrograms: " +
  PROGRAMS.map((p) => p.name).join(", ");

/** The times of one program, in milliseconds. */
interface Times {
  js: number;
  vm: number;
  walker: number;
}

async function timeLox(
  run: LoxRunner,
  program: BenchProgram,
  size: number,
  label: string,
): Promise<number> {
  const expected = twinOutput(program, size);
  await runChecked(
    run,
    program.source,
    twinOutput(program, program.size),
    label,
  );
  const source = withSize(program, size);
  const start = performance.now();
  await runChecked(run, source, expected, label);
  return performance.now() - start;
}

async function timeProgram(
  program: BenchProgram,
  size: number,
): Promise<Times> {
  program.twin(program.size);
  const start = performance.now();
  program.twin(size);
  const js = performance.now() - start;
  const vm = await timeLox(runLox, program, size, `vm ${program.name}`);
  const walker = await timeLox(
    runTreeWalker,
    program,
    size,
    `tree-walker ${program.name}`,
  );
  return { js, vm, walker };
}

function row(name: string, times: Times): string {
  const ms = (t: number) => `${t.toFixed(1)} ms`.padStart(11);
  const ratio = (t: number) => `${(t / times.js).toFixed(1)}×`.padStart(8);
  return `${name.padEnd(22)}${ms(times.js)}${ms(times.vm)}${ratio(times.vm)}${
    ms(times.walker)
  }${ratio(times.walker)}`;
}

async function main(args: string[]): Promise<number> {
  if (args.length > 2) {
    console.error(USAGE);
    return 64;
  }
  const [name, sizeText] = args;
  const chosen = name === undefined
    ? PROGRAMS
    : PROGRAMS.filter((p) => p.name === name);
  if (chosen.length === 0) {
    console.error(`No benchmark program "${name}".\n${USAGE}`);
    return 64;
  }
  const size = sizeText === undefined ? undefined : Number(sizeText);
  if (size !== undefined && !(Number.isInteger(size) && size >= 0)) {
    console.error(`SIZE must be a whole number, not "${sizeText}".\n${USAGE}`);
    return 64;
  }
  console.log(
    `${"program".padEnd(22)}${"js".padStart(11)}${"vm".padStart(11)}${
      "vm/js".padStart(8)
    }${"tree-walker".padStart(13)}${"tw/js".padStart(8)}`,
  );
  for (const program of chosen) {
    const n = size ?? program.size;
    console.log(row(`${program.name}(${n})`, await timeProgram(program, n)));
  }
  return 0;
}

if (import.meta.main) Deno.exit(await main(Deno.args));
