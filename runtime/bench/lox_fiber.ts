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
import { compile } from "../lox/compiler.ts";
import { DEFAULT_BUDGET } from "../lox/fiber.ts";
import { runLox } from "../lox/interpret.ts";
import { loadScript, scriptRuntime } from "../lox/script.ts";

const FIBERS = 10_000;
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  console.error(
    "Run with --v8-flags=--expose-gc, so the heap can be collected.",
  );
  Deno.exit(1);
}
const collect = gc;

/** Heap bytes per fiber while `FIBERS` fibers sleep, and the total in MB. */
async function sleepingFibers(): Promise<
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const memory = await sleepingFibers();
console.log(
  `${FIBERS} sleeping fibers: ${memory.totalMb.toFixed(1)} MB, ` +
    `${Math.round(memory.perFiber)} bytes per fiber (goal: under 50 MB)`,
);

// Alternate the two, after a warm-up, so that load on the machine (it is shared)
// hits both alike; the fastest run of each is the least disturbed one.
await fibTime(Infinity);
await fibTime(DEFAULT_BUDGET);
const bounded: number[] = [];
const unbounded: number[] = [];
for (let i = 0; i < 9; i++) {
  unbounded.push(await fibTime(Infinity));
  bounded.push(await fibTime(DEFAULT_BUDGET));
}
const percent = (a: number, b: number) => ((a / b - 1) * 100).toFixed(1);
const fastest = (values: number[]) => Math.min(...values);
console.log(
  `fib(30), budget ${DEFAULT_BUDGET} against unbounded (goal: at most 5%): ` +
    `fastest ${fastest(bounded).toFixed(0)} ms against ${
      fastest(unbounded).toFixed(0)
    } ms (${percent(fastest(bounded), fastest(unbounded))}%), ` +
    `median ${median(bounded).toFixed(0)} ms against ${
      median(unbounded).toFixed(0)
    } ms (${percent(median(bounded), median(unbounded))}%)`,
);
