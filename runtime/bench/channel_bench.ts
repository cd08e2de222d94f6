/**
 * Channel ping-pong: 1,000,000 messages between two tasks (500,000 round trips over
 * two channels of one slot each), against two native async functions passing the same
 * messages through promise-based queues. Goal: at most 1.0× the native time.
 *
 * The runtime side is measured twice: with tasks written as state machines, and with
 * the same tasks written as lesson 08's generator coroutines.
 *
 * @module
 */

import {
  channel,
  type Context,
  coroutine,
  type Future,
  type Poll,
  type Receiver,
  run,
  type Sender,
  wait,
} from "../mod.ts";
import { bench } from "./select.ts";

const MESSAGES = 1_000_000;
const ROUND_TRIPS = MESSAGES / 2;

/** The native baseline's channel: a buffer, and the resolver of a waiting taker. */
class PromiseQueue<T> {
  #buffer: T[] = [];
  #taker: ((value: T) => void) | undefined;

  push(value: T): void {
    const taker = this.#taker;
    if (taker === undefined) {
      this.#buffer.push(value);
      return;
    }
    this.#taker = undefined;
    taker(value);
  }

  take(): Promise<T> {
    if (this.#buffer.length > 0) {
      return Promise.resolve(this.#buffer.shift() as T);
    }
    return new Promise((resolve) => this.#taker = resolve);
  }
}

bench({
  name: "native: 1,000,000 messages between two async functions",
  group: "ping-pong",
  baseline: true,
  n: 10,
  warmup: 2,
  async fn() {
    const pings = new PromiseQueue<number>();
    const pongs = new PromiseQueue<number>();
    const ponger = (async () => {
      for (let i = 0; i < ROUND_TRIPS; i++) pongs.push(await pings.take());
    })();
    let last = 0;
    for (let i = 0; i < ROUND_TRIPS; i++) {
      pings.push(i);
      last = await pongs.take();
    }
    await ponger;
    if (last !== ROUND_TRIPS - 1) throw new Error("lost a message");
  },
});

/** Receive a message, then send it back; `rounds` times. A hand-written state machine. */
function echoTask(
  from: Receiver<number>,
  to: Sender<number>,
  rounds: number,
): Future<number> {
  let done = 0;
  let receiving: Future<number | undefined> | undefined;
  let sending: Future<void> | undefined;
  return {
    poll(cx: Context): Poll<number> {
      for (;;) {
        if (sending !== undefined) {
          if (!sending.poll(cx).ready) return { ready: false };
          sending = undefined;
          if (++done === rounds) return { ready: true, value: done };
        }
        receiving ??= from.recv();
        const got = receiving.poll(cx);
        if (!got.ready) return got;
        receiving = undefined;
        sending = to.send(got.value ?? -1);
      }
    },
  };
}

/** Send 0, 1, …, and wait for each to come back; answers the last one back. */
function pingTask(
  to: Sender<number>,
  from: Receiver<number>,
  rounds: number,
): Future<number> {
  let i = 0;
  let last = -1;
  let sending: Future<void> | undefined;
  let receiving: Future<number | undefined> | undefined;
  return {
    poll(cx: Context): Poll<number> {
      for (;;) {
        if (receiving !== undefined) {
          const got = receiving.poll(cx);
          if (!got.ready) return { ready: false };
          receiving = undefined;
          last = got.value ?? -1;
          if (++i === rounds) return { ready: true, value: last };
        }
        sending ??= to.send(i);
        if (!sending.poll(cx).ready) return { ready: false };
        sending = undefined;
        receiving = from.recv();
      }
    },
  };
}

bench({
  name: "runtime: 1,000,000 messages between two tasks (state machines)",
  group: "ping-pong",
  n: 10,
  warmup: 2,
  async fn() {
    const [toPonger, pings] = channel<number>(1);
    const [toPinger, pongs] = channel<number>(1);
    const last = await run((rt) => {
      rt.spawn(echoTask(pings, toPinger, ROUND_TRIPS));
      return pingTask(toPonger, pongs, ROUND_TRIPS);
    });
    if (last !== ROUND_TRIPS - 1) throw new Error("lost a message");
  },
});

bench({
  name: "runtime: 1,000,000 messages between two tasks (coroutines)",
  group: "ping-pong",
  n: 10,
  warmup: 2,
  async fn() {
    const [toPonger, pings] = channel<number>(1);
    const [toPinger, pongs] = channel<number>(1);
    const last = await run((rt) =>
      coroutine(function* () {
        rt.spawn(coroutine(function* () {
          for (let i = 0; i < ROUND_TRIPS; i++) {
            const n = yield* wait(pings.recv());
            yield* wait(toPinger.send(n ?? -1));
          }
        }));
        let last = -1;
        for (let i = 0; i < ROUND_TRIPS; i++) {
          yield* wait(toPonger.send(i));
          last = (yield* wait(pongs.recv())) ?? -1;
        }
        return last;
      })
    );
    if (last !== ROUND_TRIPS - 1) throw new Error("lost a message");
  },
});
