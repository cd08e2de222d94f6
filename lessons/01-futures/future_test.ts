import assert from "node:assert/strict";
import { test } from "../_support/testing.ts";
import { ready } from "./future.ts";

test("ready() wraps a value in a finished Poll", () => {
  assert.deepEqual(ready(42), { ready: true, value: 42 });
});

test("ready() keeps undefined as a real value", () => {
  const poll = ready(undefined);
  assert.equal(poll.ready, true, "a Poll made by ready() must say ready: true");
  assert.ok(
    "value" in poll,
    "a finished Poll carries a value field, even undefined",
  );
});
