/**
 * The rules every future keeps (lessons/contract/README.md), checked where the
 * learner's runtime is assembled: every future type `mod.ts` hands out that
 * registers something is a `CancellableFuture`, cancellable *and* disposable.
 *
 * The check is at the type level: if one of these stopped offering `cancel()` or
 * `[Symbol.dispose]()`, this file would not type-check, and `deno test` fails on a
 * type error before any test runs. The futures that register nothing (`Ready`,
 * `YieldNow`, `Countdown`, `yieldNow()`) are listed too, so a change to them is a
 * decision, not an accident.
 */

import assert from "node:assert/strict";
import { assertKeepsCancelRules } from "../lessons/_support/cancel_rules.ts";
import { Runtime, VirtualClock } from "./mod.ts";
import type {
  andThen,
  CancellableFuture,
  Countdown,
  echoConnection,
  Future,
  join,
  JoinHandle,
  map,
  Mutex,
  Notify,
  race,
  Ready,
  Receiver,
  Scope,
  select,
  Semaphore,
  Sender,
  Signal,
  Sleep,
  TaskHandle,
  TcpListener,
  TcpStream,
  Tick,
  Timeout,
  withTimeout,
  YieldNow,
  yieldNow,
} from "./mod.ts";
import type { coroutine, oneshot } from "./mod.ts";

/** Compiles only for a type that keeps the cancelling rules. */
type Keeps<F extends CancellableFuture<unknown>> = F;
/** Compiles only for a future; these register nothing, so they need no cancel. */
type Plain<F extends Future<unknown>> = F;

/** Every future type of the runtime that waits on something. */
export type CancellableFutures = [
  // lesson 01
  Keeps<ReturnType<typeof map<number, number>>>,
  Keeps<ReturnType<typeof andThen<number, number>>>,
  Keeps<ReturnType<typeof join<number, number>>>,
  Keeps<ReturnType<typeof select<number, number>>>,
  // lessons 02-03
  Keeps<Signal<number>>,
  Keeps<JoinHandle<number>>,
  // lesson 05
  Keeps<Sleep>,
  Keeps<Timeout<number>>,
  Keeps<Tick>,
  // lesson 06
  Keeps<ReturnType<TcpStream["read"]>>,
  Keeps<ReturnType<TcpStream["write"]>>,
  Keeps<ReturnType<TcpStream["flush"]>>,
  Keeps<ReturnType<TcpListener["accept"]>>,
  Keeps<ReturnType<typeof echoConnection>>,
  // lesson 07
  Keeps<ReturnType<Semaphore["acquire"]>>,
  Keeps<ReturnType<Mutex<number>["lock"]>>,
  Keeps<ReturnType<Notify["notified"]>>,
  Keeps<ReturnType<typeof oneshot<number>>[1]>,
  Keeps<ReturnType<Sender<number>["send"]>>,
  Keeps<ReturnType<Receiver<number>["recv"]>>,
  Keeps<ReturnType<typeof race<number>>>,
  // lesson 08
  Keeps<ReturnType<typeof coroutine<number>>>,
  // lesson 09
  Keeps<TaskHandle<number>>,
  Keeps<ReturnType<typeof withTimeout<number>>>,
  Keeps<Scope & CancellableFuture<number>>,
  // the runtime's own
  Keeps<ReturnType<Runtime["sleep"]>>,
  Keeps<ReturnType<Runtime["timeout"]>>,
  Keeps<ReturnType<Runtime["connect"]>>,
  Keeps<ReturnType<Runtime["fromPromise"]>>,
  Keeps<ReturnType<Runtime["spawnAbortable"]>>,
  Keeps<ReturnType<Runtime["scope"]>>,
];

/** The futures that wait for nothing but a turn, and so have nothing to release. */
export type PlainFutures = [
  Plain<Ready<number>>,
  Plain<YieldNow>,
  Plain<Countdown>,
  Plain<ReturnType<typeof yieldNow>>,
];

Deno.test("the runtime's own waiting futures keep the cancelling rules at run time too", () => {
  const rt = new Runtime({ clock: new VirtualClock() });
  const never = () => new Promise<number>(() => {});
  assertKeepsCancelRules("Runtime.sleep", () => rt.sleep(10));
  assertKeepsCancelRules("Runtime.timeout", () => rt.timeout(rt.sleep(10), 5));
  assertKeepsCancelRules("Runtime.fromPromise", () => rt.fromPromise(never()));
  assertKeepsCancelRules("Runtime.scope", () => rt.scope(() => rt.sleep(10)));
  assert.equal(
    rt.reactor.inFlight,
    0,
    "a cancelled fromPromise must stop counting as IO in flight",
  );
  assert.equal(
    rt.loop.timers.nextDeadline(),
    undefined,
    "every cancelled sleep and timeout must have left the timer heap",
  );
});
