/**
 * Memory per task and per timer, from `Deno.memoryUsage().heapUsed` before and after
 * making 1,000,000 of each and keeping them alive, next to the native equivalents.
 * Run by `deno task bench` with `--v8-flags=--expose-gc`, so the heap can be collected
 * before each reading, and with `--json`, to print the readings as one JSON object.
 *
 * @module
 */

import { type Context, Ready, run, type Runtime } from "../mod.ts";
import { FIBERS, sleepingFibers } from "./lox_fiber.ts";

const COUNT = 1_000_000;

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * Measure `make` inside a running loop: the loop holds what the runtime keeps for
 * each item (the run queue, the timer heap), so it must still be alive at the reading.
 */
function within(make: (rt: Runtime) => unknown[]): Promise<number> {
  return run((rt) => ({
    poll: () => ({ ready: true, value: bytesPerNow(() => make(rt)) }),
  }));
}

/** Bytes of heap per item that `make` keeps alive, measured after a full collection. */
function bytesPerNow(make: () => unknown[]): number {
  gc?.();
  const before = Deno.memoryUsage().heapUsed;
  const kept = make();
  gc?.();
  const after = Deno.memoryUsage().heapUsed;
  if (kept.length !== COUNT) throw new Error("made the wrong number of items");
  return (after - before) / COUNT;
}

const never = new Promise<void>(() => {});
const idle: Context = { waker: { wake() {} } };
const nativeTimers: ReturnType<typeof setTimeout>[] = [];
const rows: [string, number][] = [
  [
    "native async function, suspended at an await",
    bytesPerNow(() =>
      Array.from({ length: COUNT }, async () => {
        await never;
      })
    ),
  ],
  [
    "native setTimeout, pending",
    bytesPerNow(() => {
      for (let i = 0; i < COUNT; i++) {
        nativeTimers.push(setTimeout(() => {}, 60_000));
      }
      return nativeTimers;
    }),
  ],
  [
    "runtime task, spawned (Task + JoinHandle + its future)",
    await within((rt) =>
      Array.from({ length: COUNT }, (_, i) => rt.spawn(new Ready(i)))
    ),
  ],
  [
    "runtime timer, set (Sleep + Timer in the heap)",
    await within((rt) =>
      Array.from({ length: COUNT }, () => {
        const timer = rt.sleep(60_000);
        timer.poll(idle);
        return timer;
      })
    ),
  ],
];

// Lox fibers are counted apart: 10,000 of them, each asleep in a `sleep` native.
const fibers = await sleepingFibers();
rows.push([
  `Lox fiber, sleeping (of ${FIBERS.toLocaleString("en")}: ${
    fibers.totalMb.toFixed(1)
  } MB in all; goal under 50 MB)`,
  fibers.perFiber,
]);

// The main futures above ended at once, so their loops did not wait for these.
for (const id of nativeTimers) clearTimeout(id);

if (Deno.args.includes("--json")) {
  console.log(JSON.stringify({
    collected: gc !== undefined,
    rows: rows.map(([what, bytes]) => ({ what, bytes: Math.round(bytes) })),
  }));
} else {
  printRows();
}

function printRows(): void {
  if (gc === undefined) {
    console.log(
      "(run with --v8-flags=--expose-gc for readings after a full collection)",
    );
  }
  console.log(
    "\nmemory per item (heapUsed delta / the count, 1,000,000 unless said):",
  );
  for (const [what, bytes] of rows) {
    console.log(`  ${bytes.toFixed(0).padStart(5)} bytes  ${what}`);
  }
}
