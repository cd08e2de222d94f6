import assert from "node:assert/strict";
import { namesDiffer } from "./known_tests.ts";

Deno.test("recorded and actual test names agree: no differences", () => {
  const names = { "a_test.ts": ["one", "two"] };
  assert.deepEqual(namesDiffer(names, { "a_test.ts": ["one", "two"] }), []);
});

Deno.test("a missing, an unrecorded and a repeated name are each reported", () => {
  assert.deepEqual(
    namesDiffer(
      { "a_test.ts": ["one", "two"] },
      { "a_test.ts": ["one", "three", "three"] },
    ),
    [
      'a_test.ts: missing "two"',
      'a_test.ts: unrecorded "three"',
      'a_test.ts: "three" runs more than once',
    ],
  );
});
