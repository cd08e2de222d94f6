import assert from "node:assert/strict";
import { explainFailure } from "./failure.ts";

const root = "/course";

Deno.test("a TODO is named as such, pointing at the learner's file first", () => {
  const explained = explainFailure(
    `Error: not implemented: Ready.poll
  throw new Error("not implemented: Ready.poll");
        ^
    at Ready.poll (file:///course/lessons/01-futures/state_machines.ts:25:11)
    at file:///course/lessons/01-futures/state_machines_test.ts:7:40
    at file:///course/lessons/_support/testing.ts:3:3`,
    root,
  );
  assert.equal(
    explained.summary,
    'Ready.poll is still a TODO: it threw "not implemented".',
  );
  assert.deepEqual(explained.where, [
    "lessons/01-futures/state_machines.ts:25:11",
    "lessons/01-futures/state_machines_test.ts:7:40",
  ]);
});

Deno.test("an assertion keeps its message and values, without the source excerpt", () => {
  const explained = explainFailure(
    `AssertionError: expected 1 poll, then 1 more after the wakes; saw 3 in all

3 !== 2

  assert.equal(polls, 2, "...");
         ^
    at file:///course/lessons/02-wakers/block_on_test.ts:60:10`,
    root,
  );
  assert.equal(
    explained.summary,
    "AssertionError: expected 1 poll, then 1 more after the wakes; saw 3 in all",
  );
  assert.deepEqual(explained.details, ["3 !== 2"]);
  assert.deepEqual(explained.where, [
    "lessons/02-wakers/block_on_test.ts:60:10",
  ]);
});

Deno.test("a deep-equality diff says which side is whose", () => {
  const explained = explainFailure(
    `AssertionError: Expected values to be strictly deep-equal:
+ actual - expected

  {
+   ready: false
-   ready: true
  }

  assert.deepEqual(a, b);
         ^
    at file:///course/lessons/01-futures/a_test.ts:1:1`,
    root,
  );
  assert.equal(
    explained.details[0],
    "(+ is what your code produced, - is what was expected)",
  );
  assert.ok(explained.details.includes("+   ready: false"));
});

Deno.test("a test past its time limit is explained as a loop or a lost wake-up", () => {
  const explained = explainFailure("Test timed out after 2000ms.", root);
  assert.equal(explained.summary, "did not finish within 2 s.");
  assert.match(explained.details.join(" "), /never woken/);
});

Deno.test("a cancelled test points at the error that stopped its file", () => {
  assert.match(explainFailure("Cancelled", root).summary, /outside any test/);
});
