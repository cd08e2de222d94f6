/**
 * A chain of 1,000,000 `then`s, each adding one to the value before it, on lesson
 * 08's `BouncePromise` (its own job queue, flushed in a microtask) against the same
 * chain on native promises. Goal: at most 2× the native time.
 *
 * @module
 */

import { BouncePromise } from "../mod.ts";
import { bench } from "./select.ts";

const THENS = 1_000_000;

const addOne = (n: number) => n + 1;

bench({
  name: "native: 1,000,000 chained thens on Promise",
  group: "promise thens",
  baseline: true,
  n: 10,
  warmup: 2,
  async fn() {
    let chain: Promise<number> = Promise.resolve(0);
    for (let i = 0; i < THENS; i++) chain = chain.then(addOne);
    if (await chain !== THENS) throw new Error("lost a then");
  },
});

bench({
  name: "runtime: 1,000,000 chained thens on BouncePromise",
  group: "promise thens",
  n: 10,
  warmup: 2,
  async fn() {
    let chain = BouncePromise.resolve(0);
    for (let i = 0; i < THENS; i++) chain = chain.then(addOne);
    if (await chain !== THENS) throw new Error("lost a then");
  },
});
