import assert from "node:assert/strict";
import {
  countingContext,
  inSequence,
  seededRandom,
  timeLimit,
  whenReady,
} from "../_support/testing.ts";
import type { Future } from "../01-futures/future.ts";
import { Scheduler } from "../04-scheduler/scheduler.ts";
import { yieldNow } from "../04-scheduler/yield_now.ts";
import { channel, type Receiver, type Sender, unbounded } from "./channel.ts";
import { ClosedError, PolledAfterCompletionError } from "../contract/errors.ts";

/** Send each of `messages` in turn, then close. */
function produce<T>(sender: Sender<T>, messages: readonly T[]): Future<number> {
  return inSequence((step) => {
    if (step < messages.length) return sender.send(messages[step]);
    if (step === messages.length) sender.close();
  });
}

/** Receive until the channel ends, collecting into `into`. */
function consume<T>(receiver: Receiver<T>, into: T[]): Future<number> {
  let ended = false;
  return inSequence(() => {
    if (ended) return undefined;
    return whenReady(receiver.recv(), (message) => {
      if (message === undefined) ended = true;
      else into.push(message);
    });
  });
}

Deno.test("messages arrive in the order they were sent", timeLimit, () => {
  const [sender, receiver] = channel<number>(2);
  const got: number[] = [];
  const scheduler = new Scheduler();
  scheduler.spawn(produce(sender, [1, 2, 3, 4, 5]));
  scheduler.run(consume(receiver, got));
  assert.deepEqual(got, [1, 2, 3, 4, 5]);
});

Deno.test(
  "a full channel makes the sender wait until a receive frees a slot (backpressure)",
  timeLimit,
  () => {
    const [sender, receiver] = channel<string>(1);
    const cx = countingContext();
    assert.ok(sender.send("a").poll(cx).ready);
    const second = sender.send("b");
    assert.equal(second.poll(cx).ready, false, "the one slot is taken");
    assert.equal(sender.trySend("c"), false);
    assert.deepEqual(receiver.recv().poll(cx), { ready: true, value: "a" });
    assert.equal(cx.wakes, 1, "taking a message woke the waiting sender");
    assert.ok(second.poll(cx).ready);
    assert.equal(receiver.tryRecv(), "b");
  },
);

Deno.test(
  "senders waiting on a full channel get in in the order they came",
  timeLimit,
  () => {
    const [sender, receiver] = channel<string>(1);
    const scheduler = new Scheduler();
    sender.trySend("first");
    for (const name of ["a", "b", "c"]) {
      scheduler.spawn(produce(sender.clone(), [name]));
    }
    scheduler.tick();
    const got: string[] = [];
    sender.close();
    scheduler.run(consume(receiver, got));
    assert.deepEqual(got, ["first", "a", "b", "c"]);
  },
);

Deno.test(
  "when every sender has closed, receivers get what is queued and then undefined",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(4);
    const other = sender.clone();
    sender.trySend(1);
    sender.close();
    const cx = countingContext();
    assert.deepEqual(receiver.recv().poll(cx), { ready: true, value: 1 });
    const waiting = receiver.recv();
    assert.equal(waiting.poll(cx).ready, false, "a clone is still open");
    other.close();
    assert.equal(cx.wakes, 1);
    assert.deepEqual(waiting.poll(cx), { ready: true, value: undefined });
    assert.equal(receiver.recv().poll(cx).ready, true);
  },
);

Deno.test(
  "when every receiver has closed, sends throw a ClosedError, waiting ones too",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(1);
    const cx = countingContext();
    sender.trySend(1);
    const waiting = sender.send(2);
    assert.equal(waiting.poll(cx).ready, false);
    receiver.close();
    assert.equal(cx.wakes, 1);
    assert.throws(() => waiting.poll(cx), ClosedError);
    assert.throws(() => sender.trySend(3), ClosedError);
  },
);

Deno.test("an unbounded channel's sends never wait", timeLimit, () => {
  const [sender, receiver] = unbounded<number>();
  const cx = countingContext();
  for (let i = 0; i < 10_000; i++) {
    assert.ok(sender.send(i).poll(cx).ready);
  }
  assert.equal(receiver.tryRecv(), 0);
});

Deno.test(
  "a receive cancelled after a message was handed to it gives the message back",
  timeLimit,
  () => {
    const [sender, receiver] = channel<string>(1);
    const cx = countingContext();
    const abandoned = receiver.recv();
    assert.equal(abandoned.poll(cx).ready, false);
    sender.trySend("kept");
    abandoned.cancel();
    assert.deepEqual(receiver.recv().poll(cx), { ready: true, value: "kept" });
  },
);

Deno.test(
  "a channel's capacity is a whole number from 1 up, or Infinity",
  timeLimit,
  () => {
    assert.throws(() => channel(0), RangeError);
    assert.throws(() => channel(1.5), RangeError);
  },
);

Deno.test(
  "no lost wake-ups: 20 producers and 5 consumers through 3 slots, each message received once and in its producer's order",
  timeLimit,
  () => {
    const [sender, receiver] = channel<[number, number]>(3);
    const random = seededRandom(7);
    const scheduler = new Scheduler();
    const perConsumer: [number, number][][] = [];
    for (let c = 0; c < 5; c++) {
      const got: [number, number][] = [];
      perConsumer.push(got);
      const mine = receiver.clone();
      let ended = false;
      scheduler.spawn(inSequence(() => {
        if (ended) return undefined;
        if (random() < 0.3) return yieldNow();
        return whenReady(mine.recv(), (message) => {
          if (message === undefined) ended = true;
          else got.push(message);
        });
      }));
    }
    receiver.close();
    for (let p = 0; p < 20; p++) {
      const mine = sender.clone();
      let k = 0;
      scheduler.spawn(inSequence(() => {
        if (k === 50) return void mine.close();
        if (random() < 0.3) return yieldNow();
        return mine.send([p, k++]);
      }));
    }
    sender.close();
    scheduler.tick();
    assert.equal(scheduler.liveTasks, 0, "every task finished");
    const all = perConsumer.flat();
    assert.equal(all.length, 20 * 50);
    assert.equal(new Set(all.map(([p, k]) => p * 100 + k)).size, 20 * 50);
    for (const got of perConsumer) {
      for (let p = 0; p < 20; p++) {
        const ks = got.filter(([q]) => q === p).map(([, k]) => k);
        assert.deepEqual(ks, [...ks].sort((a, b) => a - b));
      }
    }
  },
);

Deno.test(
  "a message given back by a cancelled receive after the senders closed still reaches a waiting receiver",
  timeLimit,
  () => {
    const [sender, receiver] = channel<string>(2);
    const cx = countingContext();
    const first = receiver.recv();
    const second = receiver.recv();
    first.poll(cx);
    second.poll(cx);
    sender.trySend("m");
    sender.close();
    first.cancel();
    assert.deepEqual(second.poll(cx), { ready: true, value: "m" });
  },
);

Deno.test(
  "a message given back by a cancelled receive goes to the front, ahead of messages sent after it",
  timeLimit,
  () => {
    const [sender, receiver] = channel<string>(3);
    const abandoned = receiver.recv();
    assert.equal(abandoned.poll(countingContext()).ready, false);
    sender.trySend("first");
    sender.trySend("second");
    abandoned.cancel();
    assert.equal(receiver.tryRecv(), "first", "the given-back message is next");
    assert.equal(receiver.tryRecv(), "second");
  },
);

Deno.test(
  "a message given back while another receiver waits is handed to that receiver, which is woken",
  timeLimit,
  () => {
    const [sender, receiver] = channel<string>(2);
    const firstCx = countingContext();
    const secondCx = countingContext();
    const first = receiver.recv();
    const second = receiver.recv();
    assert.equal(first.poll(firstCx).ready, false);
    assert.equal(second.poll(secondCx).ready, false);
    sender.trySend("m");
    first.cancel();
    assert.equal(
      secondCx.wakes,
      1,
      "the waiting receiver must be woken: a message queued behind its back never reaches it",
    );
    assert.deepEqual(second.poll(secondCx), { ready: true, value: "m" });
  },
);

Deno.test(
  "a receive polled again by another waker is woken through the latest one",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(1);
    const first = countingContext();
    const latest = countingContext();
    const recv = receiver.recv();
    assert.equal(recv.poll(first).ready, false);
    assert.equal(recv.poll(latest).ready, false);
    sender.trySend(1);
    assert.deepEqual([first.wakes, latest.wakes], [0, 1]);
  },
);

Deno.test(
  "a sender that closed, or whose receivers all closed, is closed: it refuses to send or clone",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(2);
    const other = sender.clone();
    assert.equal(sender.closed, false);
    sender.close();
    assert.equal(sender.closed, true, "this sender closed");
    assert.throws(() => sender.trySend(1), ClosedError);
    assert.throws(() => sender.clone(), ClosedError);
    assert.equal(other.closed, false, "a clone is still open");
    receiver.close();
    assert.equal(other.closed, true, "every receiver has closed");
    assert.throws(() => other.trySend(1), ClosedError);
  },
);

Deno.test(
  "closing a sender twice counts once: a clone keeps the channel open",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(2);
    const other = sender.clone();
    sender.close();
    sender.close();
    const cx = countingContext();
    const waiting = receiver.recv();
    assert.equal(
      waiting.poll(cx).ready,
      false,
      "the clone is open, so a receive waits rather than ending",
    );
    other.trySend(5);
    assert.deepEqual(waiting.poll(cx), { ready: true, value: 5 });
  },
);

Deno.test(
  "a sender or receiver held with `using` closes at the end of its block",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(1);
    {
      using _receiver = receiver.clone();
    }
    assert.equal(sender.closed, false, "the other receiver is still open");
    {
      using _sender = sender;
    }
    const cx = countingContext();
    assert.deepEqual(receiver.recv().poll(cx), {
      ready: true,
      value: undefined,
    });
    {
      using _receiver = receiver;
    }
    const [sender2, receiver2] = channel<number>(1);
    {
      using _receiver = receiver2;
    }
    assert.equal(sender2.closed, true, "its only receiver closed");
  },
);

Deno.test(
  "a closed receiver refuses recv, tryRecv and clone; closing it twice counts once",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(2);
    const other = receiver.clone();
    receiver.close();
    receiver.close();
    assert.throws(() => receiver.recv(), ClosedError);
    assert.throws(() => receiver.tryRecv(), ClosedError);
    assert.throws(() => receiver.clone(), ClosedError);
    assert.equal(sender.trySend(1), true, "the clone still receives");
    assert.equal(other.tryRecv(), 1);
  },
);

Deno.test(
  "tryRecv on an empty channel takes nothing and frees no slot",
  timeLimit,
  () => {
    const [sender, receiver] = channel<number>(1);
    assert.equal(receiver.tryRecv(), undefined);
    assert.equal(sender.trySend(1), true);
    assert.equal(sender.trySend(2), false, "still only one slot");
  },
);

Deno.test(
  "a send on an unbounded channel whose receivers closed throws a ClosedError",
  timeLimit,
  () => {
    const [sender, receiver] = unbounded<number>();
    const send = sender.send(1);
    receiver.close();
    assert.throws(() => send.poll(countingContext()), ClosedError);
  },
);

Deno.test(
  "a send or receive answers once: a poll after it is ready throws, and a late cancel gives nothing back twice",
  timeLimit,
  () => {
    const cx = countingContext();
    const [sender, receiver] = channel<string>(2);
    const send = sender.send("a");
    assert.ok(send.poll(cx).ready);
    assert.throws(() => send.poll(cx), PolledAfterCompletionError);
    send.cancel();
    const recv = receiver.recv();
    assert.equal(recv.poll(cx).ready, true);
    assert.throws(() => recv.poll(cx), PolledAfterCompletionError);

    const handed = receiver.recv();
    assert.equal(handed.poll(cx).ready, false);
    sender.trySend("once");
    assert.deepEqual(handed.poll(cx), { ready: true, value: "once" });
    handed.cancel();
    assert.equal(
      receiver.tryRecv(),
      undefined,
      "a receive that already answered must not give its message back again",
    );
  },
);
