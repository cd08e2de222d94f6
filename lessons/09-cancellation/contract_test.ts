import { Probe, timeLimit } from "../_support/testing.ts";
import { assertKeepsCancelRules } from "../_support/cancel_rules.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import { VirtualClock } from "../05-timers/clock.ts";
import { Timers } from "../05-timers/timers.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
import { spawnAbortable } from "./abort.ts";
import { scope } from "./scope.ts";
import { withTimeout } from "./timeout.ts";

// Every waiting future of this lesson, as the contract's type: if one lacked
// `cancel()` or `[Symbol.dispose]()`, this file would not type-check.
const waiting: Record<string, () => CancellableFuture<unknown>> = {
  "a TaskHandle": () => {
    const scheduler = new Scheduler();
    return spawnAbortable(scheduler.spawn.bind(scheduler), new Probe<number>());
  },
  "a scope": () => {
    const scheduler = new Scheduler();
    return scope(scheduler.spawn.bind(scheduler), () => new Probe<number>());
  },
  "a withTimeout": () =>
    withTimeout(new Timers(new VirtualClock()), new Probe<number>(), 100),
};

for (const [name, make] of Object.entries(waiting)) {
  Deno.test(
    `${name} keeps the rules: cancel() twice is harmless, \`using\` cancels, a poll after either throws`,
    timeLimit,
    () => assertKeepsCancelRules(name, make),
  );
}
