import { Probe, timeLimit } from "../_support/testing.ts";
import { assertKeepsCancelRules } from "../_support/cancel_rules.ts";
import { Reactor } from "../06-io/reactor.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
import { fromPromise } from "./bridge.ts";
import { coroutine, wait } from "./coroutine.ts";

// Every waiting future of this lesson, as the contract's type: if one lacked
// `cancel()` or `[Symbol.dispose]()`, this file would not type-check.
const waiting: Record<string, () => CancellableFuture<unknown>> = {
  "a coroutine": () =>
    coroutine(function* () {
      return yield* wait(new Probe<number>());
    }),
  "a fromPromise": () =>
    fromPromise(new Promise<number>(() => {}), new Reactor()),
};

for (const [name, make] of Object.entries(waiting)) {
  Deno.test(
    `${name} keeps the rules: cancel() twice is harmless, \`using\` cancels, a poll after either throws`,
    timeLimit,
    () => assertKeepsCancelRules(name, make),
  );
}
