import assert from "node:assert/strict";
import {
  drainMicrotasks,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import type { Context, Future, Poll } from "../01-futures/future.ts";
import { blockOn } from "./block_on.ts";

Deno.test(
  "blockOn resolves with the value of a future that is ready at once",
  timeLimit,
  async () => {
    const future = readyProbe("now");
    assert.equal(await blockOn(future), "now");
    assert.equal(future.polls, 1);
  },
);

Deno.test(
  "blockOn polls once, then sleeps until the future is woken",
  timeLimit,
  async () => {
    const future = new Probe<number>();
    const result = blockOn(future);
    await drainMicrotasks();
    assert.equal(
      future.polls,
      1,
      "blockOn should poll the future straight away",
    );
    await drainMicrotasks();
    assert.equal(
      future.polls,
      1,
      "the future was polled again without being woken",
    );
    future.complete(5);
    assert.equal(await result, 5);
    assert.equal(
      future.polls,
      2,
      "one wake should cause exactly one more poll",
    );
  },
);

Deno.test(
  "a wake that happens during poll is not lost",
  timeLimit,
  async () => {
    // Wakes itself inside poll, before it has even returned pending: a blockOn that
    // only starts listening for wakes after poll returns misses this one forever.
    let polls = 0;
    const wakesDuringPoll: Future<string> = {
      poll(cx: Context): Poll<string> {
        polls++;
        if (polls === 1) {
          cx.waker.wake();
          return { ready: false };
        }
        return { ready: true, value: "woken in time" };
      },
    };
    assert.equal(await blockOn(wakesDuringPoll), "woken in time");
    assert.equal(polls, 2);
  },
);

Deno.test(
  "three wakes before the next poll cause one poll, not three",
  timeLimit,
  async () => {
    let waker: Context["waker"] | undefined;
    let polls = 0;
    const future: Future<never> = {
      poll(cx: Context): Poll<never> {
        polls++;
        waker = cx.waker;
        return { ready: false };
      },
    };
    blockOn(future);
    await drainMicrotasks();
    assert.ok(
      waker,
      "blockOn should have polled the future, giving it a waker",
    );
    waker.wake();
    waker.wake();
    waker.wake();
    await drainMicrotasks();
    assert.equal(
      polls,
      2,
      `expected 1 poll, then 1 more after the wakes; saw ${polls} in all`,
    );
  },
);

Deno.test(
  "blockOn rejects with the error that poll throws",
  timeLimit,
  async () => {
    const failing: Future<number> = {
      poll(): Poll<number> {
        throw new RangeError("the future broke");
      },
    };
    await assert.rejects(blockOn(failing), RangeError);
  },
);

Deno.test(
  "blockOn is woken by a promise callback, as real IO would wake it",
  timeLimit,
  async () => {
    const future = new Probe<string>();
    Promise.resolve().then(() => future.complete("from a callback"));
    assert.equal(await blockOn(future), "from a callback");
  },
);
