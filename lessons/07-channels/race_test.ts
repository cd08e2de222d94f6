import assert from "node:assert/strict";
import {
  CancellableProbe,
  countingContext,
  futureFrom,
  Probe,
  readyProbe,
  timeLimit,
} from "../_support/testing.ts";
import { channel } from "./channel.ts";
import { race, Rotation } from "./race.ts";

Deno.test(
  "the first future to be ready wins, with its index",
  timeLimit,
  () => {
    const slow = new Probe<string>();
    const fast = new Probe<string>();
    const cx = countingContext();
    const winner = race([slow, fast]);
    assert.equal(winner.poll(cx).ready, false);
    fast.complete("fast");
    assert.deepEqual(winner.poll(cx), {
      ready: true,
      value: { index: 1, value: "fast" },
    });
  },
);

Deno.test(
  "races sharing a rotation, over futures that are all ready, are won by each in turn",
  timeLimit,
  () => {
    const rotation = new Rotation();
    const wins = [0, 0, 0];
    for (let i = 0; i < 30; i++) {
      const polled = race([readyProbe(0), readyProbe(1), readyProbe(2)], {
        rotation,
      }).poll(countingContext());
      if (polled.ready) wins[polled.value.index]++;
    }
    assert.deepEqual(wins, [10, 10, 10]);
  },
);

Deno.test(
  "two rotations are independent: races on one never shift where races on the other start",
  timeLimit,
  () => {
    const mine = new Rotation();
    const theirs = new Rotation();
    const winner = (rotation: Rotation) => {
      const polled = race([readyProbe("a"), readyProbe("b")], { rotation })
        .poll(countingContext());
      return polled.ready ? polled.value.index : -1;
    };
    assert.equal(winner(mine), 0);
    assert.equal(winner(theirs), 0, "a fresh rotation starts at the first");
    assert.equal(winner(theirs), 1);
    assert.equal(
      winner(mine),
      1,
      "mine moved on by its own races only (state lives in the rotation, not the module)",
    );
  },
);

Deno.test(
  "one race polled again starts one further along each time",
  timeLimit,
  () => {
    const order: string[] = [];
    const noting = (name: string) =>
      futureFrom<string>(() => {
        order.push(name);
        return { ready: false };
      });
    const both = race([noting("a"), noting("b")]);
    const cx = countingContext();
    both.poll(cx);
    both.poll(cx);
    assert.deepEqual(order, ["a", "b", "b", "a"]);
  },
);

Deno.test(
  "a biased race polls in the order given, so the first of two ready futures wins",
  timeLimit,
  () => {
    for (let i = 0; i < 3; i++) {
      const polled = race([readyProbe("first"), readyProbe("second")], {
        biased: true,
      }).poll(countingContext());
      assert.deepEqual(polled, {
        ready: true,
        value: { index: 0, value: "first" },
      });
    }
  },
);

Deno.test(
  "a losing receive is cancelled and takes no message from its channel",
  timeLimit,
  () => {
    const [toA, fromA] = channel<string>(1);
    const [toB, fromB] = channel<string>(1);
    const cx = countingContext();
    const either = race([fromA.recv(), fromB.recv()]);
    assert.equal(either.poll(cx).ready, false);
    toA.trySend("a");
    toB.trySend("b");
    const polled = either.poll(cx);
    assert.ok(polled.ready);
    const lost = polled.value.index === 0 ? fromB : fromA;
    assert.equal(
      lost.tryRecv(),
      polled.value.index === 0 ? "b" : "a",
      "the loser's message is still in its channel",
    );
  },
);

Deno.test(
  "a future that throws ends the race, and the others are cancelled",
  timeLimit,
  () => {
    let cancelled = 0;
    const waiting = Object.assign(new Probe<number>(), {
      cancel: () => void cancelled++,
    });
    const failing = futureFrom<number>(() => {
      throw new Error("boom");
    });
    assert.throws(
      () => race([waiting, failing]).poll(countingContext()),
      /boom/,
    );
    assert.equal(cancelled, 1);
  },
);

Deno.test("cancelling a race cancels every future in it", timeLimit, () => {
  const [toReceiver, receiver] = channel<number>(1);
  const [sender, fromSender] = channel<number>(1);
  sender.trySend(1);
  const cx = countingContext();
  const both = race<unknown>([receiver.recv(), sender.send(2)]);
  assert.equal(both.poll(cx).ready, false);
  both.cancel();
  toReceiver.trySend(10);
  assert.equal(
    receiver.tryRecv(),
    10,
    "the cancelled receive took nothing and left no waiter",
  );
  assert.equal(fromSender.tryRecv(), 1);
  assert.equal(
    fromSender.tryRecv(),
    undefined,
    "the cancelled send sent nothing",
  );
  assert.equal(sender.trySend(3), true, "and holds no slot");
});

Deno.test(
  "a race needs at least one future, and a race of one is that future",
  timeLimit,
  () => {
    assert.throws(() => race([]), RangeError);
    assert.deepEqual(race([readyProbe("only")]).poll(countingContext()), {
      ready: true,
      value: { index: 0, value: "only" },
    });
  },
);

Deno.test(
  "the winner is never cancelled, not even by a cancel() after the race is over",
  timeLimit,
  () => {
    const winner = new CancellableProbe<string>();
    const loser = new CancellableProbe<string>();
    const both = race([winner, loser], { biased: true });
    const cx = countingContext();
    assert.equal(both.poll(cx).ready, false);
    winner.complete("won");
    assert.ok(both.poll(cx).ready);
    assert.equal(loser.cancelled, true);
    both.cancel();
    assert.equal(
      winner.cancelled,
      false,
      "the winner's value was taken: cancelling it would undo it (a receive would give its message back)",
    );
  },
);
