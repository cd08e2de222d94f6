import { Probe, timeLimit } from "../_support/testing.ts";
import { assertKeepsCancelRules } from "../_support/cancel_rules.ts";
import type { CancellableFuture } from "../contract/cancel.ts";
import { channel } from "./channel.ts";
import { Mutex } from "./mutex.ts";
import { Notify } from "./notify.ts";
import { oneshot } from "./oneshot.ts";
import { race } from "./race.ts";
import { Semaphore } from "./semaphore.ts";

// Every waiting future of this lesson, as the contract's type: if one lacked
// `cancel()` or `[Symbol.dispose]()`, this file would not type-check.
const waiting: Record<string, () => CancellableFuture<unknown>> = {
  "an acquire": () => new Semaphore(0).acquire(),
  "a lock": () => {
    const mutex = new Mutex(0);
    mutex.tryLock();
    return mutex.lock();
  },
  "a notified()": () => new Notify().notified(),
  "a oneshot receiver": () => oneshot<number>()[1],
  "a send on a full channel": () => {
    const [sender] = channel<number>(1);
    sender.trySend(1);
    return sender.send(2);
  },
  "a receive": () => channel<number>(1)[1].recv(),
  "a race": () => race([new Probe<number>(), new Probe<number>()]),
};

for (const [name, make] of Object.entries(waiting)) {
  Deno.test(
    `${name} keeps the rules: cancel() twice is harmless, \`using\` cancels, a poll after either throws`,
    timeLimit,
    () => assertKeepsCancelRules(name, make),
  );
}
