/**
 * Spawn, run and join 1,000,000 trivial tasks, against 1,000,000 native async
 * functions gathered with `Promise.all`. Goal: at most 1.0× the native time.
 *
 * @module
 */

import {
  type Context,
  type Future,
  type Poll,
  Ready,
  run,
  type Runtime,
} from "../mod.ts";
import { joinAll } from "./join_all.ts";
import { bench } from "./select.ts";

const TASKS = 1_000_000;

bench({
  name: "native: 1,000,000 async functions + Promise.all",
  group: "tasks",
  baseline: true,
  n: 10,
  warmup: 2,
  async fn() {
    // The trivial async function is the thing measured: it awaits nothing on purpose.
    // deno-lint-ignore require-await
    const trivial = async (i: number) => i;
    const promises = new Array<Promise<number>>(TASKS);
    for (let i = 0; i < TASKS; i++) promises[i] = trivial(i);
    const values = await Promise.all(promises);
    if (values.length !== TASKS || values[TASKS - 1] !== TASKS - 1) {
      throw new Error("lost a task");
    }
  },
});

/** Main: on its first poll, spawn `count` ready tasks; then join them all. */
function spawnAndJoin(rt: Runtime, count: number): Future<number[]> {
  let joined: Future<number[]> | undefined;
  return {
    poll(cx: Context): Poll<number[]> {
      if (joined === undefined) {
        const handles = new Array<Future<number>>(count);
        for (let i = 0; i < count; i++) handles[i] = rt.spawn(new Ready(i));
        joined = joinAll(handles);
      }
      return joined.poll(cx);
    },
  };
}

bench({
  name: "runtime: spawn, run and join 1,000,000 tasks",
  group: "tasks",
  n: 10,
  warmup: 2,
  async fn() {
    const values = await run((rt) => spawnAndJoin(rt, TASKS));
    if (values.length !== TASKS || values[TASKS - 1] !== TASKS - 1) {
      throw new Error("lost a task");
    }
  },
});
