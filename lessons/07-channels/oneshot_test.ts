import assert from "node:assert/strict";
import { countingContext, timeLimit } from "../_support/testing.ts";
import { oneshot } from "./oneshot.ts";
import { ClosedError, PolledAfterCompletionError } from "../contract/errors.ts";

Deno.test(
  "a value sent before the receiver looks is there when it does",
  timeLimit,
  () => {
    const [sender, receiver] = oneshot<string>();
    assert.equal(sender.send("hello"), true);
    assert.deepEqual(receiver.poll(countingContext()), {
      ready: true,
      value: "hello",
    });
  },
);

Deno.test("a waiting receiver is woken by the send", timeLimit, () => {
  const [sender, receiver] = oneshot<number>();
  const cx = countingContext();
  assert.equal(receiver.poll(cx).ready, false);
  sender.send(7);
  assert.equal(cx.wakes, 1);
  assert.deepEqual(receiver.poll(cx), { ready: true, value: 7 });
  assert.throws(() => receiver.poll(cx), PolledAfterCompletionError);
});

Deno.test(
  "a sender closed without sending wakes the receiver with a ClosedError",
  timeLimit,
  () => {
    const [sender, receiver] = oneshot<number>();
    const cx = countingContext();
    receiver.poll(cx);
    {
      using _sender = sender;
    }
    assert.equal(cx.wakes, 1, "disposing the sender closed it");
    assert.throws(() => receiver.poll(cx), ClosedError);
  },
);

Deno.test(
  "a send after the receiver has closed answers false; a second send throws",
  timeLimit,
  () => {
    const [sender, receiver] = oneshot<number>();
    receiver.close();
    assert.equal(sender.receiverClosed, true);
    assert.equal(sender.send(1), false);
    const [again] = oneshot<number>();
    again.send(1);
    assert.throws(
      () => again.send(2),
      ClosedError,
      "a sender that has sent is used up: a second send is a ClosedError",
    );
  },
);

Deno.test(
  "closing a sender after its send keeps the value; a receiver answers once",
  timeLimit,
  () => {
    const [sender, receiver] = oneshot<string>();
    sender.send("kept");
    sender.close();
    const cx = countingContext();
    assert.deepEqual(receiver.poll(cx), { ready: true, value: "kept" });
    const [closing, refused] = oneshot<string>();
    closing.close();
    assert.throws(() => refused.poll(cx), ClosedError);
    assert.throws(() => refused.poll(cx), PolledAfterCompletionError);
  },
);
