/**
 * What fibers cost: the heap each sleeping Lox fiber keeps, with 10,000 of them
 * (the goal: all 10,000 in under 50 MB), and what the instruction budget costs a
 * program that never waits (recursive fib with the default budget against an
 * unbounded run; the goal: at most 5% slower). Not a unit test: it prints figures.
 *
 * ```sh
 * deno run --v8-flags=--expose-gc --import-map=IMPORT_MAP runtime/bench/lox_fiber.ts
 * ```
 *
 * (IMPORT_MAP: `.bounce/import-maps/runtime.reference.json` to measure the reference.)
 *
 * @module
 */

import { VirtualClock } from "../../lessons/05-timers/clock.ts";
import { compile } from "../../lessons/12-lox-compiler/compiler.ts";
import { DEFAULT_BUDGET } from "../../lessons/14-lox-fibers/fiber.ts";
import { runLox } from "../lox/interpret.ts";
import {
  loadScript,
  scriptRuntime,
} from "../../lessons/14-lox-fibers/script.ts";

/** How many sleeping fibers the memory reading keeps. */
export const FIBERS = 10_000;
const gc = (globalThis as { gc?: () => void }).gc;
const collect = () => gc?.();

/** Heap bytes per fiber while `FIBERS` fibers sleep, and the total in MB. */
export async function sleepingFibers(): Promise<
  { perFiber: number; totalMb: number }
> {
  const compiled = compile(`
    fun sleeper() { sleep(1000000); }
    for (var i = 0; i < ${FIBERS}; i = i + 1) spawn(sleeper);
    sleep(100000);
  `);
  if ("errors" in compiled) throw new Error("the benchmark does not compile");
  const clock = new VirtualClock();
  const runtime = scriptRuntime(clock);
  const script = loadScript(runtime, compiled.fn, {
    stdout: () => {},
    stderr: () => {},
  });
  collect();
  const before = Deno.memoryUsage().heapUsed;
  let after = 0;
  let sleeping = 0;
  // Read the heap while the main fiber sleeps, once every spawned fiber sleeps too.
  const probe = runtime.spawn(
    {
      poll(cx) {
        if (clock.now() < 50_000) {
          runtime.sleep(50_000 - clock.now()).poll(cx);
          return { ready: false };
        }
        sleeping = runtime.loop.timers.pending - 1; // all but main's
        collect();
        after = Deno.memoryUsage().heapUsed;
        return { ready: true, value: undefined };
      },
    },
  );
  await runtime.run(script.main);
  probe.cancel();
  script.host.closeAll();
  if (sleeping !== FIBERS) {
    throw new Error(`expected ${FIBERS} sleeping fibers, found ${sleeping}`);
  }
  return {
    perFiber: (after - before) / FIBERS,
    totalMb: (after - before) / 2 ** 20,
  };
}

const FIB = `
fun fib(n) { if (n < 2) return n; return fib(n - 1) + fib(n - 2); }
print fib(30);
`;

/** Milliseconds to run fib(30) with `budget` instructions per slice. */
async function fibTime(budget: number): Promise<number> {
  const start = performance.now();
  let out = "";
  await runLox(FIB, { stdout: (t) => out += t, stderr: (t) => out += t }, {
    budget,
  });
  const time = performance.now() - start;
  if (out !== "832040\n") throw new Error(`fib printed ${out}`);
  return time;
}

/** How many instructions fib(30) runs. */
function fibInstructions(): number {
  const compiled = compile(FIB);
  if ("errors" in compiled) throw new Error("fib does not compile");
  const script = loadScript(scriptRuntime(new VirtualClock()), compiled.fn, {
    stdout: () => {},
    stderr: () => {},
  }, { budget: Infinity });
  const polled = script.main.poll({ waker: { wake() {} } });
  if (!polled.ready) throw new Error("an unbounded fiber stopped");
  return script.main.state.steps;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

if (import.meta.main) await main();

/** Print the memory and the budget's cost. */
async function main(): Promise<void> {
  if (gc === undefined) {
    console.error(
      "Run with --v8-flags=--expose-gc, so the heap can be collected.",
    );
    Deno.exit(1);
  }
  const memory = await sleepingFibers();
  console.log(
    `${FIBERS} sleeping fibers: ${memory.totalMb.toFixed(1)} MB, ` +
      `${Math.round(memory.perFiber)} bytes per fiber (goal: under 50 MB)`,
  );

  // The machine is shared, so one run against another is mostly noise. Two views:
  // the runs side by side (alternated, so load hits both alike), and the cost of one
  // slice, measured where it is large enough to see (a budget of 100 makes 100 times
  // the slices), times the slices the default budget makes.
  const SMALL = 100;
  for (const budget of [Infinity, DEFAULT_BUDGET, SMALL]) await fibTime(budget);
  const times = new Map<number, number[]>();
  for (let i = 0; i < 9; i++) {
    for (const budget of [Infinity, DEFAULT_BUDGET, SMALL]) {
      const list = times.get(budget) ?? [];
      list.push(await fibTime(budget));
      times.set(budget, list);
    }
  }
  const at = (budget: number) => median(times.get(budget) ?? []);
  const instructions = fibInstructions();
  const perSlice = (at(SMALL) - at(Infinity)) / (instructions / SMALL);
  const cost = perSlice * (instructions / DEFAULT_BUDGET) / at(Infinity);
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(
    `fib(30), ${(instructions / 1e6).toFixed(1)}M instructions, median of 9: ` +
      `unbounded ${at(Infinity).toFixed(0)} ms, budget ${DEFAULT_BUDGET} ` +
      `${at(DEFAULT_BUDGET).toFixed(0)} ms (${
        percent(at(DEFAULT_BUDGET) / at(Infinity) - 1)
      }), budget ${SMALL} ${at(SMALL).toFixed(0)} ms`,
  );
  console.log(
    `one slice costs ${(perSlice * 1000).toFixed(2)} µs, so the budget of ` +
      `${DEFAULT_BUDGET} costs ${percent(cost)} of fib(30) (goal: at most 5%)`,
  );
}
