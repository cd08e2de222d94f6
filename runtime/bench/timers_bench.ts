/**
 * Schedule and fire 1,000,000 timers, against 1,000,000 native `setTimeout`s with the
 * same delays. Goal: at most 0.5× the native time. The runtime's timers run twice: on
 * the system clock, waiting for real deadlines as native timers do, and on a virtual
 * clock that jumps to each deadline.
 *
 * The delays start at one second, so that every timer is still in the future when it
 * is set: with shorter ones, the later sleeps would find their deadline already past
 * on their first poll and never enter the heap.
 *
 * @module
 */

import { run, type Runtime, VirtualClock } from "../mod.ts";
import { allWoken } from "./join_all.ts";
import { bench } from "./select.ts";

const TIMERS = 1_000_000;
const delay = (i: number) => 1_000 + i % 10;

bench({
  name: "native: 1,000,000 setTimeout",
  group: "timers",
  baseline: true,
  n: 3,
  warmup: 1,
  async fn() {
    await new Promise<void>((resolve) => {
      let fired = 0;
      const tick = () => {
        if (++fired === TIMERS) resolve();
      };
      for (let i = 0; i < TIMERS; i++) setTimeout(tick, delay(i));
    });
  },
});

/** 1,000,000 sleeps, polled once each, fired by the loop. */
const sleeps = (rt: Runtime) =>
  allWoken(() => Array.from({ length: TIMERS }, (_, i) => rt.sleep(delay(i))));

bench({
  name: "runtime: 1,000,000 timers, system clock",
  group: "timers",
  n: 3,
  warmup: 1,
  async fn() {
    if (await run(sleeps) !== TIMERS) throw new Error("a timer did not fire");
  },
});

bench({
  name: "runtime: 1,000,000 timers, virtual clock",
  group: "timers",
  n: 3,
  warmup: 1,
  async fn() {
    const fired = await run(sleeps, { clock: new VirtualClock() });
    if (fired !== TIMERS) throw new Error("a timer did not fire");
  },
});
