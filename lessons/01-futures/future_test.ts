import assert from "node:assert/strict";
import { timeLimit } from "../_support/testing.ts";
import { ready } from "./future.ts";

Deno.test("ready() wraps a value in a finished Poll", timeLimit, () => {
  assert.deepEqual(ready(42), { ready: true, value: 42 });
});

Deno.test("ready() keeps undefined as a real value", timeLimit, () => {
  const poll = ready(undefined);
  assert.equal(poll.ready, true, "a Poll made by ready() must say ready: true");
  assert.ok(
    "value" in poll,
    "a finished Poll carries a value field, even undefined",
  );
});
